import type { RankBatchBody } from '../domain/rank-promotion';
import { ballots, fiveMembers, meeting, partyGroup, type Vote } from './meetings';
import { cast as defaultCast, type Cast } from './actors';
import { today } from './dates';

/** Yearly assessments from `from` on, one grade a year. */
export const assessed = (from: number, grades: string[]) => grades.map((grade, i) => ({ year: from + i, grade }));

/** A rank candidate holding `currentRank` since `from`, with the given assessments (default: three years to 2025). */
export function rankCandidate(
  personId: string,
  name: string,
  branchId: string,
  currentRank: string,
  targetRank: string,
  { from = '2023-01-01', assessments = assessed(2023, ['称职', '优秀', '称职']) } = {},
) {
  return {
    personId,
    name,
    branchId,
    currentRank,
    targetRank,
    rankHistory: [{ holding: currentRank, from }],
    assessments,
  };
}

/**
 * A rank batch as the API takes it: r1 (branch b1) and r2 (branch b2) eligible, r3 a year short of the tenure;
 * party group m1 (secretary) to m5, m5 being r2's spouse.
 */
export function rankBatchBody(overrides: Partial<RankBatchBody> = {}): RankBatchBody {
  return {
    title: '2026年职级晋升',
    year: 2026,
    orgUnit: '局机关',
    asOf: '2026-11-01',
    candidates: [
      rankCandidate('r1', '赵一', 'b1', '四级主任科员', '三级主任科员'),
      rankCandidate('r2', '钱二', 'b2', '一级科员', '四级主任科员'),
      rankCandidate('r3', '孙三', 'b1', '二级主任科员', '一级主任科员', {
        from: '2025-06-01',
        assessments: [{ year: 2025, grade: '优秀' }],
      }),
    ] as RankBatchBody['candidates'],
    partyGroup: partyGroup(fiveMembers, { m1: '党组书记' }),
    relations: [{ memberId: 'm5', personId: 'r2', kind: 'SPOUSE' }],
    ...overrides,
  };
}

/**
 * Ballots of the five members on each person of rankBatchBody, the secretary last, recused members (its relations)
 * left out; the meeting is held today unless told otherwise.
 */
export function rankMeeting(
  meetingId: string,
  personIds: string[],
  opts: { heldOn?: string; votes?: Record<string, Record<string, Vote>> } = {},
) {
  const recused: Record<string, string[]> = { r2: ['m5'] };
  return meeting(
    meetingId,
    personIds.map((personId) => ballots(personId, { votes: opts.votes?.[personId], recused: recused[personId] })),
    { heldOn: opts.heldOn ?? today() },
  );
}

/** A rank candidate's checks after the evaluation, all clear: the inspection (unless simplified), archive, discipline. */
export function rankChecks(
  personId: string,
  { simplified = false, cast = defaultCast }: { simplified?: boolean; cast?: Cast } = {},
) {
  return [
    ...(simplified ? [] : [{ personId, kind: 'INSPECTION', result: 'clear', actor: cast.officer }]),
    { personId, kind: 'ARCHIVE_AUDIT', result: 'clear', actor: cast.officer },
    { personId, kind: 'DISCIPLINE_OPINION', result: 'clear', actor: cast.discipline },
  ];
}

/** The democratic evaluation (民主测评) of a rank candidate: 41 of 46 favourable, held today. */
export const rankEvaluation = (heldOn = today()) => ({
  method: 'EVALUATION' as const,
  heldOn,
  participants: 46,
  favourable: 41,
});
