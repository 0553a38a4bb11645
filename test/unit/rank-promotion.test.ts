import { describe, expect, test } from 'vitest';
import type { PublicityWindow } from '../../domain/calendar';
import {
  applyRankCommand,
  applyRankPublicity,
  candidateEligibility,
  changeRankStage,
  checkRankCommand,
  defaultRankRuleset,
  endRankPublicity,
  initialRankState,
  missingSteps,
  nextRankStep,
  pendingRankSteps,
  rankBatchSchema,
  rankRulesetSchema,
  stepViolations,
  type RankBatchBody,
  type RankBatchState,
  type RankCommandName,
  type RankRuleset,
  type StoredRankRuleset,
} from '../../domain/rank-promotion';
import type { CommandContext } from '../../domain/selection';
import type { Actor } from '../../domain/roles';
import { rankBatchBody, rankMeeting } from '../helpers/rank-fixtures';
import { discipline, head, officer, secretary } from '../helpers/workflow-actors';

const NOW = '2026-11-20T02:00:00.000Z';
const rankBody = rankBatchBody();

function batch(
  ruleset: Partial<RankRuleset> | StoredRankRuleset = {},
  body: RankBatchBody = rankBody,
  stored = false,
): RankBatchState {
  const { ruleset: _r, asOf, ...plan } = rankBatchSchema.parse(body);
  return initialRankState({
    plan: { ...plan, id: 'rb-1', asOf: asOf! },
    ruleset: stored ? (ruleset as StoredRankRuleset) : rankRulesetSchema.parse(ruleset),
    startedBy: { id: 'officer', role: 'ORG_OFFICER' },
  });
}

function refusal(
  state: RankBatchState,
  name: RankCommandName,
  payload: Record<string, unknown>,
  ctx: CommandContext = { now: NOW },
) {
  const checked = checkRankCommand(state, name, payload, ctx);
  return checked.ok ? undefined : checked.refusal;
}
function check(
  state: RankBatchState,
  name: RankCommandName,
  payload: Record<string, unknown>,
  ctx: CommandContext = { now: NOW },
) {
  return refusal(state, name, payload, ctx)?.code;
}
function send(
  state: RankBatchState,
  name: RankCommandName,
  payload: Record<string, unknown>,
  ctx: CommandContext = { now: NOW },
) {
  const checked = checkRankCommand(state, name, payload, ctx);
  if (!checked.ok) throw new Error(`${name} refused: ${checked.refusal.code} ${checked.refusal.message}`);
  return applyRankCommand(state, name, checked.input as never, checked.actor, ctx);
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
const meeting = (meetingId: string, personIds: string[], heldOn = '2026-11-20') => ({
  ...rankMeeting(meetingId, personIds, { heldOn }),
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

  describe("awaiting last year's annual assessment (a batch held in January)", () => {
    /** The same three candidates on 2027-01-20: their 2026 assessments are not recorded yet. */
    const january = { ...rankBody, asOf: '2027-01-20' };
    const assessment = (personId: string, extra: Record<string, unknown> = {}) => ({
      personId,
      year: 2026,
      grade: '称职',
      actor: officer,
      ...extra,
    });

    test('when the batch starts, each candidate awaits the 2026 assessment instead of being INELIGIBLE', () => {
      const s = batch({}, january);
      expect(state(s)).toEqual({ r1: 'AWAITING_ASSESSMENT', r2: 'AWAITING_ASSESSMENT', r3: 'AWAITING_ASSESSMENT' });
      expect(s.candidates.map((c) => [c.eligible, c.awaitingAssessment?.year, c.exitReason])).toEqual([
        [false, 2026, undefined],
        [false, 2026, undefined],
        [false, 2026, undefined],
      ]);
      expect(pendingRankSteps(s)[0]?.missing[0]).toBe('ASSESSMENT_2026');
      expect(s.waitingFor).toContain('awaiting the 2026 annual assessment');
      expect(nextRankStep(s)).toEqual({ kind: 'none' });
    });

    test('when the batch started before the correction, the same candidates are INELIGIBLE as they were', () => {
      const { ruleset: _r, asOf, ...plan } = rankBatchSchema.parse(january);
      const eligibility = candidateEligibility({ ...plan, id: 'rb-1', asOf: asOf! }, defaultRankRuleset, {
        awaitLastYearsAssessment: false,
      });
      expect(eligibility.map((e) => [e.eligible, e.blockers.map((b) => b.code)])).toEqual([
        [false, ['assessment.missing']],
        [false, ['assessment.missing']],
        [false, ['assessment.missing']],
      ]);
    });

    test.each([
      { case: 'ORG_OFFICER records 2026 称职', msg: assessment('r1'), code: undefined, after: 'UNDER_INSPECTION' },
      {
        case: 'ORG_HEAD records 2026 优秀',
        msg: assessment('r1', { grade: '优秀', actor: head }),
        code: undefined,
        after: 'UNDER_INSPECTION',
      },
      {
        case: 'ORG_OFFICER records 2026 不称职',
        msg: assessment('r1', { grade: '不称职' }),
        code: undefined,
        after: 'INELIGIBLE',
      },
      {
        case: 'the discipline group records it',
        msg: assessment('r1', { actor: discipline }),
        code: 'role.forbidden',
        after: 'AWAITING_ASSESSMENT',
      },
      {
        case: 'another year is recorded',
        msg: assessment('r1', { year: 2025 }),
        code: 'assessment.not_awaited',
        after: 'AWAITING_ASSESSMENT',
      },
      {
        case: 'the grade is unknown',
        msg: assessment('r1', { grade: '良好' }),
        code: 'message.invalid',
        after: 'AWAITING_ASSESSMENT',
      },
      {
        case: 'the candidate is not in the batch',
        msg: assessment('r9'),
        code: 'candidate.not_found',
        after: 'AWAITING_ASSESSMENT',
      },
    ])('when $case, the code is $code and r1 is $after', ({ msg, code, after }) => {
      const s = batch({}, january);
      expect(check(s, 'recordAssessment', msg)).toBe(code);
      if (code === undefined) send(s, 'recordAssessment', msg);
      expect(state(s).r1).toBe(after);
    });

    test('when the assessment is recorded, the event carries the new eligibility and the year is no longer awaited', () => {
      const s = batch({}, january);
      const effect = send(s, 'recordAssessment', assessment('r1'));
      expect(effect.events).toEqual([
        {
          type: 'ASSESSMENT_RECORDED',
          payload: {
            personId: 'r1',
            year: 2026,
            grade: '称职',
            eligibility: expect.objectContaining({ eligible: true, blockers: [] }),
            changes: [{ personId: 'r1', state: 'UNDER_INSPECTION' }],
          },
        },
      ]);
      expect(s.candidates[0]).toMatchObject({ eligible: true, state: 'UNDER_INSPECTION' });
      expect(s.candidates[0]?.awaitingAssessment).toBeUndefined();
      expect(check(s, 'recordAssessment', assessment('r1'))).toBe('candidate.wrong_state');
      expect(refusal(s, 'recordAssessment', assessment('r2', { year: 2025 }))?.errors).toEqual([
        { path: 'year', message: expect.stringContaining('2026') },
      ]);
    });

    test('when a grade of 不称职 is recorded, the candidate is INELIGIBLE with the reason', () => {
      const s = batch({}, january);
      send(s, 'recordAssessment', assessment('r2', { grade: '不称职' }));
      expect(s.candidates[1]).toMatchObject({
        state: 'INELIGIBLE',
        eligible: false,
        exitReason: expect.stringContaining('2026'),
      });
    });

    test('when every awaited assessment is recorded and the others are vetted, the batch moves on', () => {
      const s = batch({}, january);
      for (const personId of ['r1', 'r2']) send(s, 'recordAssessment', assessment(personId));
      vet(s, 'r1');
      vet(s, 'r2');
      expect(nextRankStep(s)).toEqual({ kind: 'none' });
      send(s, 'withdraw', { personId: 'r3', reason: '本人申请', actor: head });
      expect(nextRankStep(s)).toEqual({ kind: 'stage', to: 'DECIDING' });
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
        payload: { personId: 'r1', fromRank: '四级主任科员', toRank: '三级主任科员', decisionDate: '2026-11-20' },
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

    test.each([
      { case: 'the day of the last check', heldOn: '2026-11-20', code: undefined },
      { case: 'before the last check', heldOn: '2026-11-10', code: 'meeting.before_vetting' },
      { case: 'after today', heldOn: '2026-11-21', code: 'meeting.in_future' },
    ])('when the meeting is dated $case, the code is $code', ({ heldOn, code }) => {
      expect(check(decided(), 'recordDecision', meeting('mt-1', ['r1', 'r2'], heldOn))).toBe(code);
      expect(
        check(decided(), 'recordDecision', meeting('mt-1', ['r1', 'r2'], heldOn), { now: NOW, boundDates: false }),
      ).toBeUndefined();
    });

    const { deferIfDivergent: _d, ...before } = defaultRankRuleset;
    test.each([
      { case: 'the default ruleset', ruleset: defaultRankRuleset, outcome: 'DEFERRED' },
      {
        case: 'deferIfDivergent: false',
        ruleset: { ...defaultRankRuleset, deferIfDivergent: false },
        outcome: 'REJECTED',
      },
      { case: 'a ruleset stored before the setting', ruleset: before, outcome: 'REJECTED' },
    ])('when r1 gets 2 同意, 2 不同意, 1 缓议 of 5 under $case, r1 is $outcome', ({ ruleset, outcome }) => {
      const s = batch(ruleset, rankBody, true);
      vet(s, 'r1');
      vet(s, 'r2');
      changeRankStage(s, 'DECIDING');
      const votes = { m2: 'AGREE', m3: 'DISAGREE', m4: 'DISAGREE', m5: 'DEFER', m1: 'AGREE' } as const;
      send(s, 'recordDecision', {
        ...rankMeeting('mt-1', ['r1'], { heldOn: '2026-11-20', votes: { r1: votes } }),
        actor: secretary,
      });
      expect(state(s).r1).toBe(outcome);
    });

    test('when the approval is dated more than 30 days ahead, it is refused (approval.too_far_ahead)', () => {
      const s = decided();
      send(s, 'recordDecision', meeting('mt-1', ['r1', 'r2']));
      applyRankPublicity(s, window, ['r1', 'r2']);
      endRankPublicity(s);
      const approval = { personId: 'r1', documentNo: '人社〔2026〕12号', approvedOn: '2026-12-21', actor: head };
      expect(refusal(s, 'approve', approval)).toMatchObject({
        code: 'approval.too_far_ahead',
        errors: [{ path: 'approvedOn', message: expect.any(String) }],
      });
      expect(check(s, 'approve', { ...approval, approvedOn: '2026-12-20' })).toBeUndefined();
    });

    test("when objection A is suspended then cleared while B is open, r2 is ON_HOLD, then suspended until B's end", () => {
      const s = decided();
      send(s, 'recordDecision', meeting('mt-1', ['r1', 'r2']));
      applyRankPublicity(s, window, ['r1', 'r2']);
      send(s, 'fileObjection', { objectionId: 'a', personId: 'r2', content: '反映问题甲' });
      send(s, 'fileObjection', { objectionId: 'b', personId: 'r2', content: '反映问题乙' });
      endRankPublicity(s);
      const resolve = (objectionId: string, resolution: string, date: string) =>
        send(
          s,
          'resolveObjection',
          { objectionId, resolution, note: '核查', actor: head },
          { now: `${date}T02:00:00.000Z` },
        );
      resolve('a', 'unverifiable', '2027-03-01');
      resolve('a', 'unfounded', '2027-03-20');
      expect(s.candidates[1]).toMatchObject({ state: 'ON_HOLD' });
      expect(s.candidates[1]?.suspendedUntil).toBeUndefined();
      resolve('b', 'unverifiable', '2027-04-15');
      expect(s.candidates[1]).toMatchObject({ state: 'SUSPENDED', suspendedUntil: '2027-07-15T02:00:00.000Z' });
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
