import { describe, expect, test } from 'vitest';
import type { PublicityWindow } from '../../domain/calendar';
import {
  applyRankCommand,
  applyRankPublicity,
  changeRankStage,
  checkRankCommand,
  defaultRankRuleset,
  endRankPublicity,
  initialRankState,
  missingSteps,
  nextRankStep,
  rankBatchSchema,
  rankRulesetSchema,
  stepViolations,
  type RankBatchBody,
  type RankBatchState,
  type RankCommandName,
  type RankRuleset,
} from '../../domain/rank-promotion';
import type { Actor } from '../../domain/roles';
import { rankBatchBody, rankMeeting } from '../helpers/rank-fixtures';
import { discipline, head, officer, secretary } from '../helpers/workflow-actors';

const NOW = '2026-11-20T02:00:00.000Z';
const rankBody = rankBatchBody();

function batch(ruleset: Partial<RankRuleset> = {}, body: RankBatchBody = rankBody): RankBatchState {
  const { ruleset: _r, asOf, ...plan } = rankBatchSchema.parse(body);
  return initialRankState({
    plan: { ...plan, id: 'rb-1', asOf: asOf! },
    ruleset: rankRulesetSchema.parse(ruleset),
    startedBy: { id: 'officer', role: 'ORG_OFFICER' },
  });
}

function check(state: RankBatchState, name: RankCommandName, payload: Record<string, unknown>) {
  const checked = checkRankCommand(state, name, payload);
  return checked.ok ? undefined : checked.refusal.code;
}
function send(state: RankBatchState, name: RankCommandName, payload: Record<string, unknown>) {
  const checked = checkRankCommand(state, name, payload);
  if (!checked.ok) throw new Error(`${name} refused: ${checked.refusal.code} ${checked.refusal.message}`);
  return applyRankCommand(state, name, checked.input as never, checked.actor, NOW);
}
const evaluation = (personId: string) => ({
  personId,
  method: 'EVALUATION',
  heldOn: '2026-11-02',
  participants: 40,
  favourable: 37,
  actor: officer,
});
function vet(state: RankBatchState, personId: string) {
  send(state, 'recordEvaluation', evaluation(personId));
  send(state, 'recordCheck', { personId, kind: 'INSPECTION', result: 'clear', actor: officer });
  send(state, 'recordCheck', { personId, kind: 'ARCHIVE_AUDIT', result: 'clear', actor: officer });
  send(state, 'recordCheck', { personId, kind: 'DISCIPLINE_OPINION', result: 'clear', actor: discipline });
}
const meeting = (meetingId: string, personIds: string[]) => ({
  ...rankMeeting(meetingId, personIds),
  actor: secretary,
});
const window: PublicityWindow = {
  startsOn: '2026-11-20',
  workingDays: 5,
  endsOn: '2026-11-27',
  endsAt: '2026-11-27T16:00:00.000Z',
  counted: ['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27'],
};
const state = (s: RankBatchState) => Object.fromEntries(s.candidates.map((c) => [c.personId, c.state]));

describe('rank promotion', () => {
  describe('rankBatchSchema and stepViolations', () => {
    test('when a candidate aims two ranks up, stepViolations names the field', () => {
      const body = rankBatchSchema.parse({
        ...rankBody,
        candidates: [{ ...rankBody.candidates[0]!, targetRank: '二级主任科员' }],
        relations: [],
      });
      expect(stepViolations(body)).toEqual([
        { path: 'candidates.0.targetRank', message: '二级主任科员 is not one step above 四级主任科员' },
      ]);
      expect(stepViolations(rankBatchSchema.parse(rankBody))).toEqual([]);
    });

    test('when the history says another rank is held now, or an assessment year repeats, the body is invalid', () => {
      const result = rankBatchSchema.safeParse({
        ...rankBody,
        candidates: [
          {
            ...rankBody.candidates[0]!,
            rankHistory: [{ holding: '一级科员', from: '2023-01-01' }],
            assessments: [
              { year: 2024, grade: '称职' },
              { year: 2024, grade: '优秀' },
            ],
          },
        ],
        relations: [],
      });
      expect(result.success).toBe(false);
      expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual([
        'candidates.0.assessments.1.year',
        'candidates.0.rankHistory.0',
      ]);
    });

    test('when no ruleset is given, the integrity opinion and the archive audit are required, with inspection', () => {
      expect(defaultRankRuleset).toMatchObject({
        requiredChecks: ['ARCHIVE_AUDIT', 'DISCIPLINE_OPINION'],
        simplifiedInspection: false,
        publicityWorkingDays: 5,
      });
      expect(rankRulesetSchema.safeParse({ publicityWorkingDays: 4 }).success).toBe(false);
    });
  });

  describe('initialRankState', () => {
    test('when a candidate is not eligible, they are marked INELIGIBLE with the reasons, not dropped', () => {
      const s = batch();
      expect(state(s)).toEqual({ r1: 'UNDER_INSPECTION', r2: 'UNDER_INSPECTION', r3: 'INELIGIBLE' });
      expect(s.candidates[2]).toMatchObject({ eligible: false, exitReason: expect.stringContaining('days') });
    });
  });

  describe('vetting', () => {
    test('when evaluation, inspection, archive audit and integrity opinion are recorded, the candidate is VETTED', () => {
      const s = batch();
      const r1 = () => s.candidates[0]!;
      expect(missingSteps(r1(), s.ruleset)).toEqual([
        'EVALUATION',
        'INSPECTION',
        'ARCHIVE_AUDIT',
        'DISCIPLINE_OPINION',
      ]);
      send(s, 'recordCheck', { personId: 'r1', kind: 'ARCHIVE_AUDIT', result: 'clear', actor: officer });
      send(s, 'recordCheck', { personId: 'r1', kind: 'DISCIPLINE_OPINION', result: 'clear', actor: discipline });
      send(s, 'recordCheck', { personId: 'r1', kind: 'INSPECTION', result: 'clear', actor: officer });
      expect(r1().state).toBe('UNDER_INSPECTION');
      const effect = send(s, 'recordEvaluation', evaluation('r1'));
      expect(r1().state).toBe('VETTED');
      expect(effect.events.at(-1)).toMatchObject({
        type: 'EVALUATION_RECORDED',
        payload: { changes: [{ personId: 'r1', state: 'VETTED' }] },
      });
    });

    test.each([
      [
        'the simplified procedure refuses an inspection report',
        { simplifiedInspection: true },
        'INSPECTION',
        officer,
        'check.not_required',
      ],
      ['a check not in the ruleset is refused', {}, 'PERSONAL_MATTERS', officer, 'check.not_required'],
      [
        'a check added to the ruleset is taken',
        { requiredChecks: ['ARCHIVE_AUDIT', 'DISCIPLINE_OPINION', 'PERSONAL_MATTERS'] },
        'PERSONAL_MATTERS',
        officer,
        undefined,
      ],
      ['the integrity opinion from the org office is refused', {}, 'DISCIPLINE_OPINION', officer, 'role.forbidden'],
      ['an inspection by the discipline group is refused', {}, 'INSPECTION', discipline, 'role.forbidden'],
    ] as [string, Partial<RankRuleset>, string, Actor, string | undefined][])(
      'when %s',
      (_case, ruleset, kind, actor, code) => {
        expect(check(batch(ruleset), 'recordCheck', { personId: 'r1', kind, result: 'clear', actor })).toBe(code);
      },
    );

    test('when the procedure is simplified, no inspection is needed to be VETTED', () => {
      const s = batch({ simplifiedInspection: true });
      send(s, 'recordEvaluation', evaluation('r1'));
      send(s, 'recordCheck', { personId: 'r1', kind: 'ARCHIVE_AUDIT', result: 'clear', actor: officer });
      send(s, 'recordCheck', { personId: 'r1', kind: 'DISCIPLINE_OPINION', result: 'clear', actor: discipline });
      expect(s.candidates[0]?.state).toBe('VETTED');
    });

    test('when the integrity opinion affects use, the candidate is VETOED; a bad inspection disqualifies', () => {
      const s = batch();
      send(s, 'recordCheck', {
        personId: 'r1',
        kind: 'DISCIPLINE_OPINION',
        result: 'affects_use',
        reason: '问题线索查实',
        actor: discipline,
      });
      send(s, 'recordCheck', {
        personId: 'r2',
        kind: 'INSPECTION',
        result: 'affects_use',
        reason: '群众认可度低',
        actor: officer,
      });
      expect(state(s)).toMatchObject({ r1: 'VETOED', r2: 'DISQUALIFIED' });
      expect(nextRankStep(s)).toEqual({ kind: 'stage', to: 'CLOSED' });
    });

    test('when evaluation results are refused: wrong role, more favourable than participants, recorded twice', () => {
      const s = batch();
      expect(check(s, 'recordEvaluation', { ...evaluation('r1'), actor: discipline })).toBe('role.forbidden');
      expect(check(s, 'recordEvaluation', { ...evaluation('r1'), favourable: 41 })).toBe('message.invalid');
      expect(check(s, 'recordEvaluation', { ...evaluation('r3') })).toBe('candidate.wrong_state');
      send(s, 'recordEvaluation', evaluation('r1'));
      expect(check(s, 'recordEvaluation', evaluation('r1'))).toBe('evaluation.already_recorded');
    });
  });

  describe('decision, public notice and approval', () => {
    function decided(ruleset: Partial<RankRuleset> = {}, body?: RankBatchBody) {
      const s = batch(ruleset, body);
      vet(s, 'r1');
      vet(s, 'r2');
      expect(nextRankStep(s)).toEqual({ kind: 'stage', to: 'DECIDING' });
      changeRankStage(s, 'DECIDING');
      return s;
    }

    test('when the party group approves with the spouse recused, both go to the public notice', () => {
      const s = decided();
      expect(check(s, 'recordDecision', { ...meeting('mt-x', ['r3']) })).toBe('agenda.unknown_candidate');
      const effect = send(s, 'recordDecision', meeting('mt-1', ['r1', 'r2']));
      expect(effect.events[0]?.payload).toMatchObject({
        outcomes: [
          { personId: 'r1', outcome: 'APPROVED', recused: [] },
          { personId: 'r2', outcome: 'APPROVED', recused: ['m5'], present: 4 },
        ],
      });
      expect(nextRankStep(s)).toEqual({ kind: 'openPublicity', personIds: ['r1', 'r2'] });
    });

    test('when a quota allows one promotion to 三级主任科员, a second approval is refused', () => {
      const body = {
        ...rankBody,
        candidates: [rankBody.candidates[0]!, { ...rankBody.candidates[0]!, personId: 'r2', branchId: 'b2' }],
        quotas: [{ rank: '三级主任科员', seats: 1 }],
      } as RankBatchBody;
      const s = decided({}, body);
      expect(check(s, 'recordDecision', meeting('mt-1', ['r1', 'r2']))).toBe('quota.exceeded');
      send(s, 'recordDecision', meeting('mt-1', ['r1']));
      expect(check(s, 'recordDecision', meeting('mt-2', ['r2']))).toBe('quota.exceeded');
    });

    test('when the vote fails for one, it is REJECTED and the other goes on alone', () => {
      const s = decided();
      send(s, 'recordDecision', {
        ...meeting('mt-1', ['r1', 'r2']),
        votes: [
          meeting('mt-1', ['r1']).votes[0],
          {
            personId: 'r2',
            ballots: ['m2', 'm3', 'm4', 'm1'].map((memberId) => ({
              memberId,
              vote: memberId === 'm2' ? 'AGREE' : 'DISAGREE',
            })),
          },
        ],
      });
      expect(state(s)).toMatchObject({ r1: 'APPROVED', r2: 'REJECTED' });
      expect(nextRankStep(s)).toEqual({ kind: 'openPublicity', personIds: ['r1'] });
    });

    test('when approving: only ORG_HEAD, only after the notice, with a document number; the rank change is an event', () => {
      const s = decided();
      send(s, 'recordDecision', meeting('mt-1', ['r1', 'r2']));
      applyRankPublicity(s, window, ['r1', 'r2']);
      const approval = { personId: 'r1', documentNo: '人社〔2026〕12号', approvedOn: '2026-11-30', actor: head };
      expect(check(s, 'approve', approval)).toBe('candidate.wrong_state');
      endRankPublicity(s);
      expect(nextRankStep(s)).toEqual({ kind: 'stage', to: 'APPOINTING' });
      changeRankStage(s, 'APPOINTING');
      expect(check(s, 'approve', { ...approval, actor: officer })).toBe('role.forbidden');
      expect(check(s, 'approve', { ...approval, approvedOn: '2026-11-27' })).toBe('approval.before_publicity_end');
      expect(check(s, 'approve', { ...approval, documentNo: undefined })).toBe('message.invalid');
      const effect = send(s, 'approve', approval);
      expect(effect.events[0]).toMatchObject({
        type: 'RANK_APPROVED',
        payload: { personId: 'r1', fromRank: '四级主任科员', toRank: '三级主任科员', decisionDate: '2026-11-10' },
      });
      expect(check(s, 'approve', { personId: 'r2', approved: false, approvedOn: '2026-11-30', actor: head })).toBe(
        'message.invalid',
      );
      send(s, 'approve', {
        personId: 'r2',
        approved: false,
        approvedOn: '2026-11-30',
        reason: '职数已满',
        actor: head,
      });
      expect(state(s)).toMatchObject({ r1: 'PROMOTED', r2: 'NOT_APPROVED', r3: 'INELIGIBLE' });
      expect(nextRankStep(s)).toEqual({ kind: 'stage', to: 'CLOSED' });
    });

    test('when an objection is upheld during the notice, that promotion is CANCELLED', () => {
      const s = decided();
      send(s, 'recordDecision', meeting('mt-1', ['r1', 'r2']));
      applyRankPublicity(s, window, ['r1', 'r2']);
      const filed = send(s, 'fileObjection', { personId: 'r2', content: '反映考核材料不实' });
      expect(state(s).r2).toBe('ON_HOLD');
      expect(
        check(s, 'resolveObjection', {
          objectionId: filed.result!.objectionId,
          resolution: 'upheld',
          note: '查实',
          actor: officer,
        }),
      ).toBe('role.forbidden');
      send(s, 'resolveObjection', {
        objectionId: filed.result!.objectionId,
        resolution: 'upheld',
        note: '查实',
        actor: head,
      });
      endRankPublicity(s);
      expect(state(s)).toMatchObject({ r1: 'READY_TO_APPROVE', r2: 'CANCELLED' });
    });
  });

  describe('withdraw', () => {
    test.each([
      { case: 'the candidate (personId claim)', actor: { id: 'login-7', roles: [], personId: 'r1' }, code: undefined },
      { case: 'ORG_HEAD', actor: head, code: undefined },
      { case: 'a login whose sub equals the staff number', actor: { id: 'r1', roles: [] }, code: 'role.forbidden' },
      {
        case: 'an auditor whose sub equals the staff number',
        actor: { id: 'r1', roles: ['AUDITOR'] },
        code: 'role.forbidden',
      },
      { case: 'another person', actor: { id: 'login-8', roles: [], personId: 'r2' }, code: 'role.forbidden' },
    ])('when $case withdraws candidate r1, the code is $code', ({ actor, code }) => {
      const s = batch();
      const message = { personId: 'r1', reason: '本人申请', initiator: 'CANDIDATE', actor };
      expect(check(s, 'withdraw', message)).toBe(code);
      if (code === undefined) {
        send(s, 'withdraw', message);
        expect(state(s).r1).toBe('WITHDRAWN');
      }
    });
  });
});
