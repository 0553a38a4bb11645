import type { RankBatchBody } from '../../domain/rank-promotion';
import { today } from './workflow-actors';

const history = (rank: string, from = '2023-01-01') => ({
  rankHistory: [{ holding: rank, from }],
  assessments: [
    { year: 2023, grade: '称职' },
    { year: 2024, grade: '优秀' },
    { year: 2025, grade: '称职' },
  ],
});

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
      {
        personId: 'r1',
        name: '赵一',
        branchId: 'b1',
        currentRank: '四级主任科员',
        targetRank: '三级主任科员',
        ...history('四级主任科员'),
      },
      {
        personId: 'r2',
        name: '钱二',
        branchId: 'b2',
        currentRank: '一级科员',
        targetRank: '四级主任科员',
        ...history('一级科员'),
      },
      {
        personId: 'r3',
        name: '孙三',
        branchId: 'b1',
        currentRank: '二级主任科员',
        targetRank: '一级主任科员',
        rankHistory: [{ holding: '二级主任科员', from: '2025-06-01' }],
        assessments: [{ year: 2025, grade: '优秀' }],
      },
    ] as RankBatchBody['candidates'],
    partyGroup: [
      { memberId: 'm1', name: '党组书记', isSecretary: true },
      { memberId: 'm2', name: '成员二' },
      { memberId: 'm3', name: '成员三' },
      { memberId: 'm4', name: '成员四' },
      { memberId: 'm5', name: '成员五' },
    ],
    relations: [{ memberId: 'm5', personId: 'r2', kind: 'SPOUSE' }],
    ...overrides,
  };
}

/**
 * Ballots of the five members on each person, the secretary last, recused members (from relations) left out; the
 * meeting is held today unless told otherwise.
 */
export function rankMeeting(
  meetingId: string,
  personIds: string[],
  opts: { heldOn?: string; votes?: Record<string, Record<string, 'AGREE' | 'DISAGREE' | 'DEFER'>> } = {},
) {
  const recused: Record<string, string[]> = { r2: ['m5'] };
  return {
    meetingId,
    heldOn: opts.heldOn ?? today(),
    attendance: ['m1', 'm2', 'm3', 'm4', 'm5'],
    votes: personIds.map((personId) => ({
      personId,
      ballots: ['m2', 'm3', 'm4', 'm5', 'm1']
        .filter((m) => !(recused[personId] ?? []).includes(m))
        .map((memberId) => ({ memberId, vote: opts.votes?.[personId]?.[memberId] ?? ('AGREE' as const) })),
    })),
  };
}
