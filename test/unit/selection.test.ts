import { describe, expect, test } from 'vitest';
import { startBatchSchema } from '../../domain/batch';
import type { StartBatchInput } from '../../domain/batch';
import type { PublicityWindow } from '../../domain/calendar';
import { roles } from '../../domain/roles';
import type { Actor, Role } from '../../domain/roles';
import { defaultRuleset, type StoredRuleset } from '../../domain/ruleset';
import {
  addMonths,
  applyCommand,
  applyPublicity,
  changeStage,
  checkCommand,
  endPublicity,
  initialState,
  nextStep,
  objectionStanding,
  pendingOpinions,
  shanghaiDate,
  startProbation,
  waitForCalendar,
} from '../../domain/selection';
import type {
  BatchState,
  CandidateState,
  CommandContext,
  CommandName,
  Effect,
  EventDraft,
  ObjectionView,
  Refusal,
} from '../../domain/selection';
import type { CheckKind } from '../../domain/vetting';
import {
  allChecks,
  branchSecretary,
  discipline,
  head,
  officer,
  secretary,
  unanimousMeeting as unanimousMeetingOn,
} from '../helpers/workflow-actors';

// ---------- fixtures ----------

/** Vetting, the meeting and everything else happen on 2026-11-25 (10:00 in Shanghai) unless a test says otherwise. */
const NOW = '2026-11-25T02:00:00.000Z';
const unanimousMeeting = (meetingId: string, personIds: string[], heldOn = '2026-11-25') =>
  unanimousMeetingOn(meetingId, personIds, heldOn);

/** p1 (branch b1) for the 正处 office post, p2 (branch b2) for the 副科 finance post; m1 is the secretary. */
const body: StartBatchInput = {
  title: '2026年第二批干部选拔',
  year: 2026,
  orgUnit: '局机关',
  positions: [
    { id: 'pos-office', title: '办公室主任', orgUnit: '办公室', level: '正处' },
    { id: 'pos-finance', title: '财务科副科长', orgUnit: '财务处', level: '副科' },
  ],
  candidates: [
    { personId: 'p1', name: '张三', branchId: 'b1', positionId: 'pos-office' },
    { personId: 'p2', name: '李四', branchId: 'b2', positionId: 'pos-finance' },
  ],
  partyGroup: [
    { memberId: 'm1', name: '党组书记', isSecretary: true },
    { memberId: 'm2', name: '成员二' },
    { memberId: 'm3', name: '成员三' },
    { memberId: 'm4', name: '成员四' },
    { memberId: 'm5', name: '成员五' },
  ],
};

/** Two candidates p1 and p3 competing for the one-seat office post. */
const twoForOneSeat: Partial<StartBatchInput> = {
  candidates: [
    { personId: 'p1', name: '张三', branchId: 'b1', positionId: 'pos-office' },
    { personId: 'p3', name: '王五', branchId: 'b1', positionId: 'pos-office' },
  ],
};

function batch(overrides: Partial<StartBatchInput> = {}, ruleset: StoredRuleset = defaultRuleset): BatchState {
  return initialState({
    plan: { ...startBatchSchema.parse({ ...body, ...overrides }), id: 'batch-2026-2' },
    ruleset,
    startedBy: { id: officer.id, role: 'ORG_OFFICER' },
  });
}

const as = (role: Role, extra: Partial<Actor> = {}): Actor => ({
  id: `u-${role.toLowerCase()}`,
  roles: [role],
  ...(role === 'BRANCH_SECRETARY' ? { branchId: 'b1' } : {}),
  ...(role === 'PARTY_GROUP_SECRETARY' || role === 'PARTY_GROUP_MEMBER' ? { memberId: 'm1' } : {}),
  ...extra,
});
type Who = Role | 'public';
const actorOf = (who: Who): Actor | undefined => (who === 'public' ? undefined : as(who));
const everyone: Who[] = [...roles, 'public'];

function refusalOf(
  state: BatchState,
  name: CommandName,
  message: unknown,
  ctx: CommandContext = { now: NOW },
): Refusal | undefined {
  const checked = checkCommand(state, name, message, ctx);
  return checked.ok ? undefined : checked.refusal;
}
const codeOf = (state: BatchState, name: CommandName, message: object, ctx?: CommandContext) =>
  refusalOf(state, name, message, ctx)?.code;

/** Checks then applies a message, as the workflow does; a refusal fails the test with its code. */
function send(state: BatchState, name: CommandName, message: object, ctx: CommandContext = { now: NOW }): Effect {
  const checked = checkCommand(state, name, message, ctx);
  if (!checked.ok) throw new Error(`${name} refused: ${checked.refusal.code}: ${checked.refusal.message}`);
  return applyCommand(state, name, checked.input, checked.actor, ctx);
}

const candidate = (state: BatchState, personId: string) => {
  const c = state.candidates.find((x) => x.personId === personId);
  if (!c) throw new Error(`no candidate ${personId}`);
  return c;
};
const statesOf = (state: BatchState) => Object.fromEntries(state.candidates.map((c) => [c.personId, c.state]));

function vet(state: BatchState, personId: string): Effect[] {
  return allChecks(personId, candidate(state, personId).branchId).map((check) => send(state, 'recordCheck', check));
}

function advance(state: BatchState): EventDraft[] {
  const step = nextStep(state);
  if (step.kind !== 'stage') throw new Error(`expected a stage change, got ${JSON.stringify(step)}`);
  return changeStage(state, step.to);
}

/** Ballots of m1…m5 in order m2…m5 then the secretary, each member's vote given. */
function meeting(meetingId: string, items: { personId: string; votes?: string[] }[], extra: object = {}) {
  return {
    meetingId,
    heldOn: '2026-11-25',
    attendance: ['m1', 'm2', 'm3', 'm4', 'm5'],
    votes: items.map(({ personId, votes = ['AGREE', 'AGREE', 'AGREE', 'AGREE', 'AGREE'] }) => ({
      personId,
      ballots: ['m2', 'm3', 'm4', 'm5', 'm1'].map((memberId, i) => ({ memberId, vote: votes[i] })),
    })),
    actor: secretary,
    ...extra,
  };
}

const PUBLICITY_5: PublicityWindow = {
  startsOn: '2026-11-26',
  workingDays: 5,
  endsOn: '2026-12-03',
  endsAt: '2026-12-03T16:00:00.000Z',
  counted: ['2026-11-27', '2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03'],
};
const PUBLICITY_7: PublicityWindow = {
  startsOn: '2026-11-26',
  workingDays: 7,
  endsOn: '2026-12-07',
  endsAt: '2026-12-07T16:00:00.000Z',
  counted: [...PUBLICITY_5.counted, '2026-12-04', '2026-12-07'],
};

/** Every candidate vetted and the batch moved to DECIDING. */
function deciding(overrides: Partial<StartBatchInput> = {}): BatchState {
  const state = batch(overrides);
  for (const c of state.candidates) vet(state, c.personId);
  advance(state);
  return state;
}

/** p1 and p2 approved unanimously on 2026-11-25. */
function approved(): BatchState {
  const state = deciding();
  send(state, 'recordDecision', unanimousMeeting('mt-1', ['p1', 'p2']));
  return state;
}

function inPublicity(window: PublicityWindow = PUBLICITY_5): BatchState {
  const state = approved();
  const step = nextStep(state);
  if (step.kind !== 'openPublicity') throw new Error(`expected openPublicity, got ${JSON.stringify(step)}`);
  applyPublicity(state, window, step.personIds);
  return state;
}

function publicityEnded(): BatchState {
  const state = inPublicity();
  endPublicity(state);
  return state;
}

function appointing(): BatchState {
  const state = publicityEnded();
  advance(state);
  return state;
}

const objection = (extra: object = {}) => ({
  objectionId: 'obj-a',
  personId: 'p1',
  content: '反映张三在原单位存在违规发放津补贴问题',
  ...extra,
});
const resolution = (resolution: string, extra: object = {}) => ({
  objectionId: 'obj-a',
  resolution,
  note: '经核查',
  actor: head,
  ...extra,
});
const appointment = (extra: object = {}) => ({
  personId: 'p1',
  documentNo: '局党组〔2026〕45号',
  noticeDate: '2026-12-04',
  actor: officer,
  ...extra,
});

// ---------- tests ----------

describe('selection', () => {
  describe('initialState', () => {
    test('when a batch starts, every candidate is UNDER_INSPECTION and the stage is INSPECTING', () => {
      const state = batch();
      expect(state).toMatchObject({
        id: 'batch-2026-2',
        kind: 'SELECTION',
        stage: 'INSPECTING',
        positions: [
          { id: 'pos-office', level: '正处', seats: 1 },
          { id: 'pos-finance', level: '副科', seats: 1 },
        ],
        members: [
          { memberId: 'm1', isSecretary: true },
          { memberId: 'm2', isSecretary: false },
          { memberId: 'm3', isSecretary: false },
          { memberId: 'm4', isSecretary: false },
          { memberId: 'm5', isSecretary: false },
        ],
        relations: [],
        holds: [],
        objections: [],
        meetings: [],
        seq: 0,
      });
      expect(statesOf(state)).toEqual({ p1: 'UNDER_INSPECTION', p2: 'UNDER_INSPECTION' });
    });
  });

  describe('checkCommand', () => {
    describe('message validation', () => {
      test.each([
        {
          case: 'an unknown field',
          name: 'recordCheck',
          message: { personId: 'p1', kind: 'ARCHIVE_AUDIT', result: 'clear', approvedBy: 'x', actor: officer },
          path: 'approvedBy',
        },
        {
          case: 'an unknown check kind',
          name: 'recordCheck',
          message: { personId: 'p1', kind: 'HEALTH_CHECK', result: 'clear', actor: officer },
          path: 'kind',
        },
        {
          case: 'an unknown check result',
          name: 'recordCheck',
          message: { personId: 'p1', kind: 'ARCHIVE_AUDIT', result: 'fine', actor: officer },
          path: 'result',
        },
        {
          case: 'a malformed person id',
          name: 'disqualify',
          message: { personId: 'p 1/..', reason: '不符合任职资格', actor: head },
          path: 'personId',
        },
        {
          case: 'a blank reason',
          name: 'withdraw',
          message: { personId: 'p1', reason: '   ', actor: head },
          path: 'reason',
        },
        {
          case: 'a missing reason',
          name: 'cancel',
          message: { actor: head },
          path: 'reason',
        },
        {
          case: 'an unknown withdrawal initiator',
          name: 'withdraw',
          message: { personId: 'p1', reason: '个人原因', initiator: 'FRIEND', actor: head },
          path: 'initiator',
        },
        {
          case: 'an impossible notice date',
          name: 'appoint',
          message: { personId: 'p1', documentNo: '局党组〔2026〕45号', noticeDate: '2026-13-01', actor: officer },
          path: 'noticeDate',
        },
        {
          case: 'a notice shorter than 6 working days for an extension',
          name: 'extendPublicity',
          message: { workingDays: 5, reason: '收到举报', actor: officer },
          path: 'workingDays',
        },
        {
          case: 'a fractional number of working days',
          name: 'extendPublicity',
          message: { workingDays: 6.5, reason: '收到举报', actor: officer },
          path: 'workingDays',
        },
        {
          case: 'an unknown vote',
          name: 'recordDecision',
          message: meeting('mt-1', [{ personId: 'p1', votes: ['AGREE', 'MAYBE', 'AGREE', 'AGREE', 'AGREE'] }]),
          path: 'votes.0.ballots.1.vote',
        },
        {
          case: 'a malformed meeting date',
          name: 'recordDecision',
          message: meeting('mt-1', [{ personId: 'p1' }], { heldOn: '25/11/2026' }),
          path: 'heldOn',
        },
        {
          case: 'empty objection content',
          name: 'fileObjection',
          message: { personId: 'p1', content: '' },
          path: 'content',
        },
        {
          case: 'an unknown resolution',
          name: 'resolveObjection',
          message: { objectionId: 'obj-a', resolution: 'dismissed', note: '经核查', actor: head },
          path: 'resolution',
        },
        {
          case: 'an actor with an unknown role',
          name: 'cancel',
          message: { reason: '机构调整', actor: { id: 'x', roles: ['SUPERUSER'] } },
          path: 'actor.roles.0',
        },
        {
          case: 'an actor with an unknown field',
          name: 'cancel',
          message: { reason: '机构调整', actor: { ...head, admin: true } },
          path: 'actor',
        },
      ] as { case: string; name: CommandName; message: object; path: string }[])(
        'when $name carries $case, it is refused (message.invalid) naming $path',
        ({ name, message, path }) => {
          expect(refusalOf(batch(), name, message)).toEqual({
            code: 'message.invalid',
            message: expect.any(String),
            errors: expect.arrayContaining([{ path, message: expect.any(String) }]),
          });
        },
      );

      test('when a message carries a requestId, it is not part of the command', () => {
        const checked = checkCommand(
          batch(),
          'cancel',
          { reason: '机构调整', requestId: 'r-1', actor: head },
          { now: NOW },
        );
        expect(checked).toEqual({ ok: true, input: { reason: '机构调整' }, actor: head });
      });

      test('when a withdrawal names no initiator, ORG_HEAD is assumed', () => {
        const checked = checkCommand(
          batch(),
          'withdraw',
          { personId: 'p1', reason: '工作需要', actor: head },
          { now: NOW },
        );
        expect(checked).toMatchObject({ ok: true, input: { initiator: 'ORG_HEAD' } });
      });

      test('when the body is not an object, every required field is named', () => {
        const refusal = refusalOf(batch(), 'disqualify', 'p1');
        expect(refusal?.code).toBe('message.invalid');
        expect(refusal?.errors?.map((e) => e.path).sort()).toEqual(['personId', 'reason']);
      });
    });

    describe('roles', () => {
      const recorders: Record<CheckKind, Role[]> = {
        ARCHIVE_AUDIT: ['ORG_OFFICER', 'ORG_HEAD'],
        PERSONAL_MATTERS: ['ORG_OFFICER', 'ORG_HEAD'],
        DISCIPLINE_OPINION: ['DISCIPLINE_GROUP'],
        PETITION_CHECK: ['ORG_OFFICER', 'ORG_HEAD'],
        BRANCH_OPINION: ['BRANCH_SECRETARY'],
        INTEGRITY_CONCLUSION: ['PARTY_GROUP_SECRETARY', 'DISCIPLINE_GROUP'],
      };
      const checkCases = (Object.keys(recorders) as CheckKind[]).flatMap((kind) =>
        everyone.map((who) => ({ kind, who, allowed: who !== 'public' && recorders[kind].includes(who) })),
      );

      test.each(checkCases)('when $who records $kind, allowed is $allowed', ({ kind, who, allowed }) => {
        const state = batch();
        const message = { personId: 'p1', kind, result: 'clear', actor: actorOf(who) };
        expect(codeOf(state, 'recordCheck', message)).toBe(allowed ? undefined : 'role.forbidden');
      });

      test.each([
        { case: 'of their own branch', actor: branchSecretary('b1'), code: undefined },
        { case: 'of another branch', actor: branchSecretary('b2'), code: 'branch.not_own' },
        { case: 'without a branch', actor: { id: 'bs-x', roles: ['BRANCH_SECRETARY'] }, code: 'branch.not_own' },
      ])('when a branch secretary gives the opinion on a candidate $case, the code is $code', ({ actor, code }) => {
        const message = { personId: 'p1', kind: 'BRANCH_OPINION', result: 'clear', actor };
        expect(codeOf(batch(), 'recordCheck', message)).toBe(code);
      });

      const scenarios: Record<
        Exclude<CommandName, 'recordCheck' | 'withdraw'>,
        { state: () => BatchState; message: object; allowed: Who[] }
      > = {
        recordDecision: {
          state: () => deciding(),
          message: meeting('mt-1', [{ personId: 'p1' }]),
          allowed: ['PARTY_GROUP_SECRETARY'],
        },
        fileObjection: {
          state: () => inPublicity(),
          message: objection(),
          allowed: ['ORG_OFFICER', 'ORG_HEAD', 'public'],
        },
        resolveObjection: {
          state: () => {
            const state = inPublicity();
            send(state, 'fileObjection', objection());
            return state;
          },
          message: resolution('unfounded'),
          allowed: ['ORG_HEAD'],
        },
        disqualify: { state: batch, message: { personId: 'p1', reason: '学历造假' }, allowed: ['ORG_HEAD'] },
        placeHold: {
          state: batch,
          message: { personId: 'p1', reason: '线索初核中' },
          allowed: ['DISCIPLINE_GROUP'],
        },
        liftHold: {
          state: () => {
            const state = batch();
            send(state, 'placeHold', { holdId: 'h1', personId: 'p1', reason: '线索初核中', actor: discipline });
            return state;
          },
          message: { holdId: 'h1', reason: '初核了结' },
          allowed: ['DISCIPLINE_GROUP'],
        },
        appoint: { state: appointing, message: appointment(), allowed: ['ORG_OFFICER', 'ORG_HEAD'] },
        extendPublicity: {
          state: () => inPublicity(),
          message: { workingDays: 7, reason: '收到举报需核查' },
          allowed: ['ORG_OFFICER', 'ORG_HEAD'],
        },
        cancel: { state: batch, message: { reason: '机构改革' }, allowed: ['ORG_HEAD'] },
      };
      const commandCases = (Object.keys(scenarios) as (keyof typeof scenarios)[]).flatMap((name) =>
        everyone.map((who) => ({ name, who, allowed: scenarios[name].allowed.includes(who) })),
      );

      test.each(commandCases)('when $who sends $name, allowed is $allowed', ({ name, who, allowed }) => {
        const { state: make, message } = scenarios[name];
        const state = make();
        const actor = actorOf(who);
        const code = codeOf(state, name, { ...message, actor });
        expect(code).toBe(allowed ? undefined : 'role.forbidden');
        if (allowed) expect(() => send(state, name, { ...message, actor })).not.toThrow();
      });

      test('when an actor has no roles, an objection is filed as from the public', () => {
        const state = inPublicity();
        send(state, 'fileObjection', objection({ actor: { id: 'visitor', roles: [] } }));
        expect(state.objections).toEqual([
          { objectionId: 'obj-a', personId: 'p1', channel: 'PUBLIC', named: false, status: 'OPEN' },
        ]);
      });

      test.each([
        { case: 'ORG_HEAD', initiator: undefined, actor: head, code: undefined },
        { case: 'ORG_HEAD recording the candidate’s request', initiator: 'CANDIDATE', actor: head, code: undefined },
        {
          case: 'ORG_OFFICER recording the candidate’s request',
          initiator: 'CANDIDATE',
          actor: officer,
          code: undefined,
        },
        { case: 'ORG_OFFICER on their own authority', initiator: 'ORG_HEAD', actor: officer, code: 'role.forbidden' },
        { case: 'ORG_OFFICER without an initiator', initiator: undefined, actor: officer, code: 'role.forbidden' },
        {
          case: 'the candidate themself (personId claim)',
          initiator: 'CANDIDATE',
          actor: { id: 'login-7', roles: [], personId: 'p1' },
          code: undefined,
        },
        {
          case: 'the candidate themself, no initiator',
          initiator: undefined,
          actor: { id: 'login-7', roles: [], personId: 'p1' },
          code: undefined,
        },
        {
          case: 'the candidate who is also an auditor',
          initiator: 'CANDIDATE',
          actor: { id: 'login-7', roles: ['AUDITOR'], personId: 'p1' },
          code: undefined,
        },
        {
          case: 'another candidate',
          initiator: 'CANDIDATE',
          actor: { id: 'login-8', roles: [], personId: 'p2' },
          code: 'role.forbidden',
        },
        {
          case: 'a login whose sub equals the staff number, without a personId claim',
          initiator: 'CANDIDATE',
          actor: { id: 'p1', roles: [] },
          code: 'role.forbidden',
        },
        {
          case: 'an auditor whose sub equals the staff number',
          initiator: 'CANDIDATE',
          actor: { id: 'p1', roles: ['AUDITOR'] },
          code: 'role.forbidden',
        },
        {
          case: 'an auditor whose sub equals the staff number, bound to another person',
          initiator: undefined,
          actor: { id: 'p1', roles: ['AUDITOR'], personId: 'p2' },
          code: 'role.forbidden',
        },
        { case: 'the public', initiator: 'CANDIDATE', actor: undefined, code: 'role.forbidden' },
        { case: 'the discipline group', initiator: 'ORG_HEAD', actor: discipline, code: 'role.forbidden' },
        {
          case: 'the discipline group for the candidate',
          initiator: 'CANDIDATE',
          actor: discipline,
          code: 'role.forbidden',
        },
        { case: 'the party group secretary', initiator: 'ORG_HEAD', actor: secretary, code: 'role.forbidden' },
        { case: 'a branch secretary', initiator: 'CANDIDATE', actor: branchSecretary('b1'), code: 'role.forbidden' },
        { case: 'an auditor', initiator: 'ORG_HEAD', actor: as('AUDITOR'), code: 'role.forbidden' },
      ])('when $case withdraws candidate p1, the code is $code', ({ initiator, actor, code }) => {
        const state = batch();
        const message = { personId: 'p1', reason: '本人申请退出', actor, ...(initiator ? { initiator } : {}) };
        expect(codeOf(state, 'withdraw', message)).toBe(code);
        if (code === undefined) {
          send(state, 'withdraw', message);
          expect(candidate(state, 'p1')).toMatchObject({ state: 'WITHDRAWN', exitReason: '本人申请退出' });
        }
      });
    });

    describe('candidates', () => {
      test.each([
        { name: 'recordCheck', message: { personId: 'p9', kind: 'ARCHIVE_AUDIT', result: 'clear', actor: officer } },
        { name: 'withdraw', message: { personId: 'p9', reason: '个人原因', actor: head } },
        { name: 'disqualify', message: { personId: 'p9', reason: '不符合条件', actor: head } },
        { name: 'placeHold', message: { personId: 'p9', reason: '线索初核', actor: discipline } },
        { name: 'appoint', message: appointment({ personId: 'p9' }) },
      ] as { name: CommandName; message: object }[])(
        'when $name names someone who is not a candidate, it is refused (candidate.not_found)',
        ({ name, message }) => {
          expect(codeOf(batch(), name, message)).toBe('candidate.not_found');
        },
      );

      test.each([
        { name: 'withdraw', message: { personId: 'p1', reason: '个人原因', actor: head } },
        { name: 'disqualify', message: { personId: 'p1', reason: '不符合条件', actor: head } },
      ] as { name: CommandName; message: object }[])(
        'when $name targets a candidate who has already left, it is refused (candidate.wrong_state)',
        ({ name, message }) => {
          const state = batch();
          send(state, 'withdraw', { personId: 'p1', reason: '工作需要', actor: head });
          expect(codeOf(state, name, message)).toBe('candidate.wrong_state');
        },
      );

      test('when ORG_HEAD disqualifies a candidate, the candidate is DISQUALIFIED with the reason', () => {
        const state = batch();
        const effect = send(state, 'disqualify', { personId: 'p2', reason: '任职年限不足', actor: head });
        expect(candidate(state, 'p2')).toMatchObject({ state: 'DISQUALIFIED', exitReason: '任职年限不足' });
        expect(effect.events).toEqual([
          {
            type: 'DISQUALIFIED',
            payload: {
              personId: 'p2',
              reason: '任职年限不足',
              changes: [{ personId: 'p2', state: 'DISQUALIFIED', exitReason: '任职年限不足' }],
            },
          },
        ]);
      });
    });
  });

  describe('vetting (recordCheck)', () => {
    test('when all six checks are clear, the candidate is VETTED on the last signature', () => {
      const state = batch();
      const effects = vet(state, 'p1');
      expect(candidate(state, 'p1').state).toBe('VETTED');
      expect(candidate(state, 'p2').state).toBe('UNDER_INSPECTION');
      expect(effects.map((e) => e.events.map((x) => x.payload.changes))).toEqual([
        [undefined],
        [undefined],
        [undefined],
        [undefined],
        [undefined],
        [undefined],
        [[{ personId: 'p1', state: 'VETTED' }]],
      ]);
      expect(effects.map((e) => e.events[0]?.payload.signer)).toEqual([
        'single',
        'single',
        'single',
        'single',
        'single',
        'secretary',
        'discipline',
      ]);
    });

    test('when every check finds issues that do not affect use, the candidate is still VETTED', () => {
      const state = batch();
      for (const check of allChecks('p1', 'b1'))
        send(state, 'recordCheck', { ...check, result: 'issues_not_affecting' });
      expect(candidate(state, 'p1').state).toBe('VETTED');
    });

    test.each([
      { kind: 'DISCIPLINE_OPINION', actor: discipline, exit: 'VETOED' },
      { kind: 'ARCHIVE_AUDIT', actor: officer, exit: 'DISQUALIFIED' },
      { kind: 'PERSONAL_MATTERS', actor: head, exit: 'DISQUALIFIED' },
      { kind: 'PETITION_CHECK', actor: officer, exit: 'DISQUALIFIED' },
      { kind: 'BRANCH_OPINION', actor: branchSecretary('b1'), exit: 'DISQUALIFIED' },
      { kind: 'INTEGRITY_CONCLUSION', actor: discipline, exit: 'DISQUALIFIED' },
    ])('when $kind affects use, the candidate is $exit at once', ({ kind, actor, exit }) => {
      const state = batch();
      if (kind === 'INTEGRITY_CONCLUSION')
        send(state, 'recordCheck', { personId: 'p1', kind, result: 'clear', actor: secretary });
      const effect = send(state, 'recordCheck', {
        personId: 'p1',
        kind,
        result: 'affects_use',
        reason: '存在影响使用的问题',
        actor,
      });
      const exitReason = `${kind}: 存在影响使用的问题`;
      expect(candidate(state, 'p1')).toMatchObject({ state: exit, exitReason });
      expect(effect.events[0]?.payload.changes).toEqual([{ personId: 'p1', state: exit, exitReason }]);
      // The candidacy has ended: nothing more is recorded for them.
      expect(
        codeOf(state, 'recordCheck', { personId: 'p1', kind: 'PETITION_CHECK', result: 'clear', actor: head }),
      ).toBe('candidate.wrong_state');
    });

    test.each([
      {
        case: 'affects use without a reason',
        before: [],
        message: { personId: 'p1', kind: 'ARCHIVE_AUDIT', result: 'affects_use', actor: officer },
        code: 'check.reason_required',
      },
      {
        case: 'is recorded twice',
        before: [{ personId: 'p1', kind: 'ARCHIVE_AUDIT', result: 'clear', actor: officer }],
        message: { personId: 'p1', kind: 'ARCHIVE_AUDIT', result: 'clear', actor: head },
        code: 'check.already_recorded',
      },
      {
        case: 'is signed twice by the secretary',
        before: [{ personId: 'p1', kind: 'INTEGRITY_CONCLUSION', result: 'clear', actor: secretary }],
        message: { personId: 'p1', kind: 'INTEGRITY_CONCLUSION', result: 'clear', actor: secretary },
        code: 'signature.already_given',
      },
      {
        case: 'has no actor',
        before: [],
        message: { personId: 'p1', kind: 'ARCHIVE_AUDIT', result: 'clear' },
        code: 'role.forbidden',
      },
    ])('when a check $case, it is refused ($code)', ({ before, message, code }) => {
      const state = batch();
      for (const m of before) send(state, 'recordCheck', m);
      expect(codeOf(state, 'recordCheck', message)).toBe(code);
    });

    test('when a candidate is already VETTED, a further check is refused (candidate.wrong_state)', () => {
      const state = batch();
      vet(state, 'p1');
      const message = { personId: 'p1', kind: 'ARCHIVE_AUDIT', result: 'clear', actor: head };
      expect(codeOf(state, 'recordCheck', message)).toBe('candidate.wrong_state');
    });
  });

  describe('pendingOpinions', () => {
    test('when nothing is recorded, every check of every candidate is pending', () => {
      const all = [
        'ARCHIVE_AUDIT',
        'PERSONAL_MATTERS',
        'DISCIPLINE_OPINION',
        'PETITION_CHECK',
        'BRANCH_OPINION',
        'INTEGRITY_CONCLUSION',
      ];
      expect(pendingOpinions(batch())).toEqual([
        { personId: 'p1', missing: all },
        { personId: 'p2', missing: all },
      ]);
    });

    test('when one signature of the integrity conclusion is given, the conclusion is still pending', () => {
      const state = batch();
      const [, , , , , secretarySignature] = allChecks('p1', 'b1');
      for (const check of allChecks('p1', 'b1').slice(0, 4)) send(state, 'recordCheck', check);
      send(state, 'recordCheck', secretarySignature);
      vet(state, 'p2');
      expect(pendingOpinions(state)).toEqual([{ personId: 'p1', missing: ['BRANCH_OPINION', 'INTEGRITY_CONCLUSION'] }]);
    });

    test('when a candidate has left, they are no longer awaited', () => {
      const state = batch();
      send(state, 'withdraw', { personId: 'p1', reason: '个人原因', actor: head });
      expect(pendingOpinions(state).map((p) => p.personId)).toEqual(['p2']);
    });
  });

  describe('nextStep', () => {
    test.each([
      { case: 'nobody is vetted yet', setup: (_: BatchState) => {}, step: { kind: 'none' } },
      {
        case: 'one candidate is still under inspection',
        setup: (s: BatchState) => vet(s, 'p1'),
        step: { kind: 'none' },
      },
      {
        case: 'every candidate is vetted',
        setup: (s: BatchState) => {
          vet(s, 'p1');
          vet(s, 'p2');
        },
        step: { kind: 'stage', to: 'DECIDING' },
      },
      {
        case: 'every candidate is vetted but one is held by the discipline group',
        setup: (s: BatchState) => {
          vet(s, 'p1');
          vet(s, 'p2');
          send(s, 'placeHold', { personId: 'p2', reason: '线索初核', actor: discipline });
        },
        step: { kind: 'none' },
      },
      {
        case: 'the hold is lifted again',
        setup: (s: BatchState) => {
          vet(s, 'p1');
          vet(s, 'p2');
          send(s, 'placeHold', { holdId: 'h1', personId: 'p2', reason: '线索初核', actor: discipline });
          send(s, 'liftHold', { holdId: 'h1', actor: discipline });
        },
        step: { kind: 'stage', to: 'DECIDING' },
      },
      {
        case: 'one is vetted and the other vetoed',
        setup: (s: BatchState) => {
          vet(s, 'p1');
          send(s, 'recordCheck', {
            personId: 'p2',
            kind: 'DISCIPLINE_OPINION',
            result: 'affects_use',
            reason: '违纪线索查实',
            actor: discipline,
          });
        },
        step: { kind: 'stage', to: 'DECIDING' },
      },
      {
        case: 'nobody is left',
        setup: (s: BatchState) => {
          send(s, 'withdraw', { personId: 'p1', reason: '个人原因', actor: head });
          send(s, 'disqualify', { personId: 'p2', reason: '任职年限不足', actor: head });
        },
        step: { kind: 'stage', to: 'CLOSED' },
      },
    ])('when INSPECTING and $case, the next step is $step', ({ setup, step }) => {
      const state = batch();
      setup(state);
      expect(nextStep(state)).toEqual(step);
    });

    test('when the batch moves to DECIDING, the event names both stages and what it waits for', () => {
      const state = batch();
      vet(state, 'p1');
      vet(state, 'p2');
      expect(advance(state)).toEqual([
        {
          type: 'STAGE_CHANGED',
          payload: {
            from: 'INSPECTING',
            to: 'DECIDING',
            waitingFor: 'party group decision (讨论决定) on the vetted candidates',
          },
        },
      ]);
      expect(state.stage).toBe('DECIDING');
    });

    test.each([
      { case: 'no meeting is recorded yet', items: [], step: { kind: 'none' } },
      {
        case: 'both are approved',
        items: [{ personId: 'p1' }, { personId: 'p2' }],
        step: { kind: 'openPublicity', personIds: ['p1', 'p2'] },
      },
      {
        case: 'one is approved and the other rejected',
        items: [{ personId: 'p1' }, { personId: 'p2', votes: ['DISAGREE', 'DISAGREE', 'DISAGREE', 'AGREE', 'AGREE'] }],
        step: { kind: 'openPublicity', personIds: ['p1'] },
      },
      {
        case: 'one is approved and the other deferred',
        items: [{ personId: 'p1' }, { personId: 'p2', votes: ['DEFER', 'DEFER', 'DEFER', 'AGREE', 'AGREE'] }],
        step: { kind: 'none' },
      },
      {
        case: 'both are rejected',
        items: ['p1', 'p2'].map((personId) => ({
          personId,
          votes: ['DISAGREE', 'DISAGREE', 'DISAGREE', 'AGREE', 'AGREE'],
        })),
        step: { kind: 'stage', to: 'CLOSED' },
      },
    ])('when DECIDING and $case, the next step is $step', ({ items, step }) => {
      const state = deciding();
      if (items.length > 0) send(state, 'recordDecision', meeting('mt-1', items));
      expect(nextStep(state)).toEqual(step);
    });

    test('when a deferred candidate is approved at a later meeting, the public notice opens for both', () => {
      const state = deciding();
      send(
        state,
        'recordDecision',
        meeting('mt-1', [{ personId: 'p1' }, { personId: 'p2', votes: ['DEFER', 'DEFER', 'DEFER', 'AGREE', 'AGREE'] }]),
      );
      expect(candidate(state, 'p2').state).toBe('DEFERRED');
      send(state, 'recordDecision', meeting('mt-2', [{ personId: 'p2' }], { heldOn: '2026-12-02' }), {
        now: '2026-12-02T02:00:00.000Z',
      });
      expect(candidate(state, 'p2')).toMatchObject({
        state: 'APPROVED',
        decision: { meetingId: 'mt-2', heldOn: '2026-12-02', outcome: 'APPROVED' },
      });
      expect(nextStep(state)).toEqual({ kind: 'openPublicity', personIds: ['p1', 'p2'] });
    });

    test('when DECIDING and every candidate withdrew, the batch closes', () => {
      const state = deciding();
      for (const personId of ['p1', 'p2']) send(state, 'withdraw', { personId, reason: '个人原因', actor: head });
      expect(nextStep(state)).toEqual({ kind: 'stage', to: 'CLOSED' });
    });

    test.each([
      { case: 'the notice still runs', end: false, setup: (_: BatchState) => {}, step: { kind: 'none' } },
      {
        case: 'the notice has ended',
        end: true,
        setup: (_: BatchState) => {},
        step: { kind: 'stage', to: 'APPOINTING' },
      },
      {
        case: 'the notice has ended with an objection open',
        end: true,
        setup: (s: BatchState) => send(s, 'fileObjection', objection()),
        step: { kind: 'none' },
      },
      {
        case: 'the notice has ended and the objected candidate was cancelled',
        end: true,
        setup: (s: BatchState) => {
          send(s, 'fileObjection', objection());
          send(s, 'resolveObjection', resolution('upheld'));
        },
        step: { kind: 'stage', to: 'APPOINTING' },
      },
    ])('when in PUBLICITY and $case, the next step is $step', ({ end, setup, step }) => {
      const state = inPublicity();
      setup(state);
      if (end) endPublicity(state);
      expect(nextStep(state)).toEqual(step);
    });

    test('when APPOINTING, the batch closes once every candidate is appointed', () => {
      const state = appointing();
      send(state, 'appoint', appointment());
      expect(nextStep(state)).toEqual({ kind: 'none' });
      send(state, 'appoint', appointment({ personId: 'p2', documentNo: '局党组〔2026〕46号' }));
      expect(nextStep(state)).toEqual({ kind: 'stage', to: 'CLOSED' });
      expect(advance(state)).toEqual([
        {
          type: 'STAGE_CHANGED',
          payload: { from: 'APPOINTING', to: 'CLOSED', waitingFor: 'nothing: the batch is closed' },
        },
      ]);
      expect(nextStep(state)).toEqual({ kind: 'none' });
    });

    test('when the batch is closed, every command is refused (batch.closed)', () => {
      const state = batch();
      send(state, 'withdraw', { personId: 'p1', reason: '个人原因', actor: head });
      send(state, 'withdraw', { personId: 'p2', reason: '个人原因', actor: head });
      advance(state);
      expect(state.stage).toBe('CLOSED');
      expect(codeOf(state, 'cancel', { reason: '机构改革', actor: head })).toBe('batch.closed');
      expect(codeOf(state, 'placeHold', { reason: '线索初核', actor: discipline })).toBe('batch.closed');
    });
  });

  describe('recordDecision', () => {
    test('when the party group approves both, each gets the decision and the event lists the changes', () => {
      const state = deciding();
      const effect = send(state, 'recordDecision', unanimousMeeting('mt-1', ['p1', 'p2']));
      expect(state.meetings).toEqual([{ meetingId: 'mt-1', heldOn: '2026-11-25' }]);
      expect(candidate(state, 'p1')).toMatchObject({
        state: 'APPROVED',
        decision: { meetingId: 'mt-1', heldOn: '2026-11-25', outcome: 'APPROVED' },
      });
      expect(effect.events).toEqual([
        {
          type: 'DECISION_RECORDED',
          payload: {
            meeting: expect.objectContaining({ meetingId: 'mt-1', heldOn: '2026-11-25', members: 5 }),
            outcomes: [
              { personId: 'p1', outcome: 'APPROVED', agree: 5, disagree: 0, defer: 0, present: 5, recused: [] },
              { personId: 'p2', outcome: 'APPROVED', agree: 5, disagree: 0, defer: 0, present: 5, recused: [] },
            ],
            changes: [
              { personId: 'p1', state: 'APPROVED' },
              { personId: 'p2', state: 'APPROVED' },
            ],
          },
        },
      ]);
    });

    test('when an item misses the threshold, the candidate is REJECTED with the reason', () => {
      const state = deciding();
      send(
        state,
        'recordDecision',
        meeting('mt-1', [{ personId: 'p2', votes: ['DISAGREE', 'DISAGREE', 'DISAGREE', 'AGREE', 'AGREE'] }]),
      );
      expect(candidate(state, 'p2')).toMatchObject({
        state: 'REJECTED',
        exitReason: 'party group meeting mt-1: threshold not reached',
      });
      expect(candidate(state, 'p1').state).toBe('VETTED');
    });

    test('when a related member leaves the item, the item is decided without them', () => {
      const state = deciding({ relations: [{ memberId: 'm3', personId: 'p1', kind: 'SPOUSE' }] });
      const message = meeting('mt-1', [{ personId: 'p1' }]);
      message.votes[0]!.ballots = message.votes[0]!.ballots.filter((b) => b.memberId !== 'm3');
      const effect = send(state, 'recordDecision', message);
      expect(effect.events[0]?.payload.outcomes).toEqual([
        { personId: 'p1', outcome: 'APPROVED', agree: 4, disagree: 0, defer: 0, present: 4, recused: ['m3'] },
      ]);
    });

    test.each([
      {
        case: 'only 3 of 5 members attend',
        state: () => deciding(),
        message: {
          ...meeting('mt-1', []),
          attendance: ['m1', 'm2', 'm3'],
          votes: [
            {
              personId: 'p1',
              ballots: ['m2', 'm3', 'm1'].map((memberId) => ({ memberId, vote: 'AGREE' })),
            },
          ],
        },
        code: 'quorum.not_met',
        path: 'attendance',
      },
      {
        case: 'the secretary states first',
        state: () => deciding(),
        message: {
          ...meeting('mt-1', []),
          votes: [
            {
              personId: 'p1',
              ballots: ['m1', 'm2', 'm3', 'm4', 'm5'].map((memberId) => ({ memberId, vote: 'AGREE' })),
            },
          ],
        },
        code: 'secretary.not_last',
        path: 'votes.0.ballots.0',
      },
      {
        case: 'the candidate has not completed vetting',
        state: () => {
          const state = batch();
          vet(state, 'p1');
          return state;
        },
        message: meeting('mt-1', [{ personId: 'p2' }]),
        code: 'vetting.incomplete',
        path: 'votes.0.personId',
      },
      {
        case: 'the candidate is held by the discipline group',
        state: () => {
          const state = deciding();
          send(state, 'placeHold', { personId: 'p1', reason: '收到问题线索', actor: discipline });
          return state;
        },
        message: meeting('mt-1', [{ personId: 'p1' }]),
        code: 'vetting.incomplete',
        path: 'votes.0.personId',
      },
      {
        case: 'the whole batch is held by the discipline group',
        state: () => {
          const state = deciding();
          send(state, 'placeHold', { reason: '对本批次开展专项检查', actor: discipline });
          return state;
        },
        message: meeting('mt-1', [{ personId: 'p2' }]),
        code: 'vetting.incomplete',
        path: 'votes.0.personId',
      },
      {
        case: 'a spouse of the candidate votes',
        state: () => deciding({ relations: [{ memberId: 'm3', personId: 'p1', kind: 'SPOUSE' }] }),
        message: meeting('mt-1', [{ personId: 'p1' }]),
        code: 'recusal.required',
        path: 'votes.0.ballots.1',
      },
      {
        case: 'someone outside the plan is nominated (临时动议)',
        state: () => deciding(),
        message: meeting('mt-1', [{ personId: 'p9' }]),
        code: 'agenda.unknown_candidate',
        path: 'votes.0.personId',
      },
      {
        case: 'an approved candidate is voted on again',
        state: () => {
          const state = deciding();
          send(state, 'recordDecision', meeting('mt-1', [{ personId: 'p1' }]));
          return state;
        },
        message: meeting('mt-2', [{ personId: 'p1' }]),
        code: 'vetting.incomplete',
        path: 'votes.0.personId',
      },
    ])('when $case, the decision is refused ($code at $path)', ({ state: make, message, code, path }) => {
      const state = make();
      const before = statesOf(state);
      const refusal = refusalOf(state, 'recordDecision', message);
      expect(refusal).toMatchObject({ code, errors: expect.arrayContaining([{ path, message: expect.any(String) }]) });
      expect(statesOf(state)).toEqual(before);
    });

    describe('the meeting date', () => {
      const at = (date: string) => ({ now: `${date}T02:00:00.000Z` });
      test.each([
        { case: 'the day vetting ended', heldOn: '2026-11-25', recordedOn: '2026-11-25', code: undefined },
        { case: 'a later day, recorded that day', heldOn: '2026-11-27', recordedOn: '2026-11-27', code: undefined },
        { case: 'a day in the past, after vetting', heldOn: '2026-11-26', recordedOn: '2026-12-01', code: undefined },
        { case: 'tomorrow', heldOn: '2026-11-26', recordedOn: '2026-11-25', code: 'meeting.in_future' },
        {
          case: 'before the last vetting step',
          heldOn: '2026-11-24',
          recordedOn: '2026-11-25',
          code: 'meeting.before_vetting',
        },
        {
          case: 'years before the vetting',
          heldOn: '2020-01-01',
          recordedOn: '2026-11-25',
          code: 'meeting.before_vetting',
        },
      ])('when the meeting is dated $case, the code is $code', ({ heldOn, recordedOn, code }) => {
        const state = deciding();
        const refusal = refusalOf(state, 'recordDecision', unanimousMeeting('mt-1', ['p1'], heldOn), at(recordedOn));
        expect(refusal?.code).toBe(code);
        if (code) expect(refusal?.errors).toContainEqual({ path: 'heldOn', message: expect.stringContaining(code) });
      });

      test('when a deferred candidate comes to a later meeting, it may not be dated before the first', () => {
        const state = deciding();
        send(
          state,
          'recordDecision',
          meeting('mt-1', [{ personId: 'p1', votes: ['DEFER', 'DEFER', 'DEFER', 'AGREE', 'AGREE'] }], {
            heldOn: '2026-11-27',
          }),
          at('2026-11-27'),
        );
        expect(candidate(state, 'p1').state).toBe('DEFERRED');
        expect(codeOf(state, 'recordDecision', unanimousMeeting('mt-2', ['p1'], '2026-11-26'), at('2026-12-02'))).toBe(
          'meeting.before_previous_meeting',
        );
        send(state, 'recordDecision', unanimousMeeting('mt-2', ['p1'], '2026-12-02'), at('2026-12-02'));
        expect(candidate(state, 'p1').decision).toMatchObject({ heldOn: '2026-12-02', outcome: 'APPROVED' });
      });

      test('when the batch started before the dates were checked, any date is accepted as before', () => {
        const state = deciding();
        const old = { ...at('2026-11-25'), boundDates: false };
        expect(codeOf(state, 'recordDecision', unanimousMeeting('mt-1', ['p1'], '2020-01-01'), old)).toBeUndefined();
        expect(codeOf(state, 'recordDecision', unanimousMeeting('mt-1', ['p1'], '2030-01-01'), old)).toBeUndefined();
      });
    });

    describe('暂缓表决 when opinions diverge (ruleset deferIfDivergent)', () => {
      const sevenMembers: Partial<StartBatchInput> = {
        partyGroup: [
          { memberId: 'm1', name: '党组书记', isSecretary: true },
          ...['m2', 'm3', 'm4', 'm5', 'm6', 'm7'].map((memberId) => ({ memberId, name: memberId })),
        ],
      };
      /** 3 同意 / 3 不同意 / 1 缓议 of 7 members, all present, the secretary (agreeing) last. */
      const threeThreeOne = {
        meetingId: 'mt-1',
        heldOn: '2026-11-25',
        attendance: ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7'],
        votes: [
          {
            personId: 'p1',
            ballots: [
              { memberId: 'm2', vote: 'AGREE' },
              { memberId: 'm3', vote: 'AGREE' },
              { memberId: 'm4', vote: 'DISAGREE' },
              { memberId: 'm5', vote: 'DISAGREE' },
              { memberId: 'm6', vote: 'DISAGREE' },
              { memberId: 'm7', vote: 'DEFER' },
              { memberId: 'm1', vote: 'AGREE' },
            ],
          },
        ],
        actor: secretary,
      };
      const { deferIfDivergent: _absent, ...startedBeforeTheSetting } = defaultRuleset;
      test.each([
        { case: 'the default ruleset', ruleset: defaultRuleset, outcome: 'DEFERRED' },
        {
          case: 'deferIfDivergent: false',
          ruleset: { ...defaultRuleset, deferIfDivergent: false },
          outcome: 'REJECTED',
        },
        { case: 'a ruleset stored before the setting existed', ruleset: startedBeforeTheSetting, outcome: 'REJECTED' },
      ])(
        'when 3 agree, 3 disagree and 1 defers of 7 under $case, the candidate is $outcome',
        ({ ruleset, outcome }) => {
          expect(defaultRuleset.deferIfDivergent).toBe(true);
          const state = batch(sevenMembers, ruleset);
          for (const c of state.candidates) vet(state, c.personId);
          advance(state);
          const effect = send(state, 'recordDecision', threeThreeOne);
          expect(candidate(state, 'p1').state).toBe(outcome);
          expect(effect.events[0]?.payload.outcomes).toEqual([
            expect.objectContaining({ outcome, agree: 3, disagree: 3, defer: 1, present: 7 }),
          ]);
        },
      );
    });

    test('when the same meeting is recorded twice, it is refused (meeting.already_recorded)', () => {
      const state = deciding();
      send(state, 'recordDecision', meeting('mt-1', [{ personId: 'p1' }]));
      expect(codeOf(state, 'recordDecision', meeting('mt-1', [{ personId: 'p2' }]))).toBe('meeting.already_recorded');
    });

    test.each([
      { case: 'in one meeting', seats: 1, meetings: [['p1', 'p3']], code: 'position.seats_exceeded' },
      { case: 'in two meetings', seats: 1, meetings: [['p1'], ['p3']], code: 'position.seats_exceeded' },
      { case: 'for a two-seat post', seats: 2, meetings: [['p1', 'p3']], code: undefined },
    ])('when two candidates are approved $case for $seats seat(s), the code is $code', ({ seats, meetings, code }) => {
      const state = deciding({
        ...twoForOneSeat,
        positions: [{ id: 'pos-office', title: '办公室主任', orgUnit: '办公室', level: '正处', seats }],
      });
      const all = meetings.map((personIds, i) => unanimousMeeting(`mt-${i + 1}`, personIds));
      const last = all.pop()!;
      for (const m of all) send(state, 'recordDecision', m);
      expect(codeOf(state, 'recordDecision', last)).toBe(code);
    });

    test('when the approved candidate has left, the seat is free for the other', () => {
      const state = deciding(twoForOneSeat);
      send(state, 'recordDecision', unanimousMeeting('mt-1', ['p1']));
      send(state, 'withdraw', { personId: 'p1', reason: '本人申请', initiator: 'CANDIDATE', actor: officer });
      expect(codeOf(state, 'recordDecision', unanimousMeeting('mt-2', ['p3']))).toBeUndefined();
    });
  });

  describe('applyPublicity and endPublicity', () => {
    test('when the notice opens, approved candidates are IN_PUBLICITY and the stage is PUBLICITY', () => {
      const state = approved();
      const events = applyPublicity(state, PUBLICITY_5, ['p1', 'p2']);
      expect(state.stage).toBe('PUBLICITY');
      expect(state.publicity).toEqual({ ...PUBLICITY_5, windowNo: 1, ended: false, personIds: ['p1', 'p2'] });
      expect(events).toEqual([
        { type: 'STAGE_CHANGED', payload: { from: 'DECIDING', to: 'PUBLICITY' } },
        {
          type: 'PUBLICITY_OPENED',
          payload: {
            window: { ...PUBLICITY_5, windowNo: 1, personIds: ['p1', 'p2'] },
            waitingFor: 'public notice (任前公示) until 2026-12-03 24:00',
            changes: [
              { personId: 'p1', state: 'IN_PUBLICITY' },
              { personId: 'p2', state: 'IN_PUBLICITY' },
            ],
          },
        },
      ]);
    });

    test('when the notice ends, candidates without objections are READY_TO_APPOINT', () => {
      const state = inPublicity();
      send(state, 'fileObjection', objection());
      const events = endPublicity(state);
      expect(statesOf(state)).toEqual({ p1: 'ON_HOLD', p2: 'READY_TO_APPOINT' });
      expect(state.publicity?.ended).toBe(true);
      expect(events).toEqual([
        {
          type: 'PUBLICITY_ENDED',
          payload: {
            windowNo: 1,
            waitingFor: 'open objections to be resolved',
            changes: [{ personId: 'p2', state: 'READY_TO_APPOINT' }],
          },
        },
      ]);
    });

    test('when no notice was opened, ending it does nothing', () => {
      const state = approved();
      expect(endPublicity(state)).toEqual([]);
      expect(statesOf(state)).toEqual({ p1: 'APPROVED', p2: 'APPROVED' });
    });

    test('when the calendar year is missing, the batch waits visibly and resumes when the notice opens', () => {
      const state = approved();
      expect(waitForCalendar(state, 2027)).toEqual([
        {
          type: 'WAITING',
          payload: { waitingFor: expect.stringContaining('CALENDAR_NOT_PUBLISHED'), calendarYear: 2027 },
        },
      ]);
      expect(state.waitingForCalendarYear).toBe(2027);
      applyPublicity(state, PUBLICITY_5, ['p1', 'p2']);
      expect(state.waitingForCalendarYear).toBeUndefined();
    });
  });

  describe('extendPublicity', () => {
    test.each([
      { current: PUBLICITY_5, workingDays: 6, code: undefined },
      { current: PUBLICITY_5, workingDays: 10, code: undefined },
      { current: PUBLICITY_7, workingDays: 7, code: 'publicity.never_shorter' },
      { current: PUBLICITY_7, workingDays: 6, code: 'publicity.never_shorter' },
      { current: PUBLICITY_5, workingDays: 5, code: 'message.invalid' },
      { current: PUBLICITY_5, workingDays: 3, code: 'message.invalid' },
    ])(
      'when a $current.workingDays-day notice is extended to $workingDays working days, the code is $code',
      ({ current, workingDays, code }) => {
        const state = inPublicity(current);
        const refusal = refusalOf(state, 'extendPublicity', { workingDays, reason: '收到举报需核查', actor: officer });
        expect(refusal?.code).toBe(code);
        if (code === 'publicity.never_shorter')
          expect(refusal?.errors).toEqual([{ path: 'workingDays', message: expect.any(String) }]);
      },
    );

    test.each([
      { case: 'before the notice opens', state: () => approved() },
      { case: 'after the notice ended', state: publicityEnded },
    ])('when extended $case, it is refused (publicity.not_open)', ({ state }) => {
      expect(codeOf(state(), 'extendPublicity', { workingDays: 7, reason: '收到举报', actor: head })).toBe(
        'publicity.not_open',
      );
    });

    test('when the longer window is applied, the notice is extended in place without a stage change', () => {
      const state = inPublicity();
      const effect = send(state, 'extendPublicity', { workingDays: 7, reason: '收到举报需核查', actor: officer });
      expect(effect.events).toEqual([]);
      const events = applyPublicity(state, PUBLICITY_7, ['p1', 'p2']);
      expect(events).toEqual([
        {
          type: 'PUBLICITY_EXTENDED',
          payload: {
            window: { ...PUBLICITY_7, windowNo: 1, personIds: ['p1', 'p2'] },
            waitingFor: 'public notice (任前公示) until 2026-12-07 24:00',
          },
        },
      ]);
      expect(state).toMatchObject({ stage: 'PUBLICITY', publicity: { endsOn: '2026-12-07', ended: false } });
      expect(statesOf(state)).toEqual({ p1: 'IN_PUBLICITY', p2: 'IN_PUBLICITY' });
    });
  });

  describe('objections', () => {
    test.each([
      { case: 'before the notice opens', state: () => approved(), personId: 'p1' },
      { case: 'after the notice ended', state: publicityEnded, personId: 'p1' },
      {
        case: 'for a candidate who is not in the notice',
        state: () => {
          const state = deciding();
          send(
            state,
            'recordDecision',
            meeting('mt-1', [
              { personId: 'p1' },
              { personId: 'p2', votes: ['DISAGREE', 'DISAGREE', 'DISAGREE', 'AGREE', 'AGREE'] },
            ]),
          );
          applyPublicity(state, PUBLICITY_5, ['p1']);
          return state;
        },
        personId: 'p2',
      },
    ])('when an objection is filed $case, it is refused (publicity.not_open)', ({ state, personId }) => {
      expect(codeOf(state(), 'fileObjection', objection({ personId }))).toBe('publicity.not_open');
    });

    test.each([
      {
        case: 'the public, anonymously',
        extra: {},
        view: { channel: 'PUBLIC', named: false },
      },
      {
        case: 'the public, with a name',
        extra: { reporterName: '赵六', reporterContact: '13800000000' },
        view: { channel: 'PUBLIC', named: true },
      },
      {
        case: 'ORG_OFFICER, by letter',
        extra: { actor: officer },
        view: { channel: 'STAFF', named: false },
      },
      {
        case: 'ORG_HEAD, by phone with a name',
        extra: { actor: head, reporterName: '赵六' },
        view: { channel: 'STAFF', named: true },
      },
    ])('when an objection comes from $case, it is OPEN and the candidate is ON_HOLD', ({ extra, view }) => {
      const state = inPublicity();
      const effect = send(state, 'fileObjection', objection(extra));
      expect(state.objections).toEqual([{ objectionId: 'obj-a', personId: 'p1', status: 'OPEN', ...view }]);
      expect(statesOf(state)).toEqual({ p1: 'ON_HOLD', p2: 'IN_PUBLICITY' });
      expect(effect.result).toEqual({ objectionId: 'obj-a' });
      expect(effect.events).toEqual([
        {
          type: 'OBJECTION_FILED',
          payload: expect.objectContaining({
            objectionId: 'obj-a',
            personId: 'p1',
            channel: view.channel,
            receivedAt: NOW,
            changes: [{ personId: 'p1', state: 'ON_HOLD' }],
          }),
        },
      ]);
    });

    test('when an objection has no id, one is derived from the event sequence', () => {
      const state = inPublicity();
      state.seq = 41;
      const effect = send(state, 'fileObjection', { personId: 'p1', content: '反映问题' });
      expect(effect.result).toEqual({ objectionId: 'obj-42' });
    });

    test('when an objection id is reused, it is refused (objection.duplicate)', () => {
      const state = inPublicity();
      send(state, 'fileObjection', objection());
      expect(codeOf(state, 'fileObjection', objection({ personId: 'p2' }))).toBe('objection.duplicate');
    });

    const resolutions: {
      resolution: string;
      ended: boolean;
      state: CandidateState;
      objection: string;
      events: string[];
    }[] = [
      {
        resolution: 'unfounded',
        ended: false,
        state: 'IN_PUBLICITY',
        objection: 'RESOLVED',
        events: ['OBJECTION_RESOLVED'],
      },
      {
        resolution: 'unfounded',
        ended: true,
        state: 'READY_TO_APPOINT',
        objection: 'RESOLVED',
        events: ['OBJECTION_RESOLVED'],
      },
      {
        resolution: 'minor',
        ended: false,
        state: 'IN_PUBLICITY',
        objection: 'RESOLVED',
        events: ['OBJECTION_RESOLVED', 'NOTIFICATION'],
      },
      {
        resolution: 'minor',
        ended: true,
        state: 'READY_TO_APPOINT',
        objection: 'RESOLVED',
        events: ['OBJECTION_RESOLVED', 'NOTIFICATION'],
      },
      { resolution: 'upheld', ended: false, state: 'CANCELLED', objection: 'RESOLVED', events: ['OBJECTION_RESOLVED'] },
      { resolution: 'upheld', ended: true, state: 'CANCELLED', objection: 'RESOLVED', events: ['OBJECTION_RESOLVED'] },
      {
        resolution: 'unverifiable',
        ended: false,
        state: 'SUSPENDED',
        objection: 'SUSPENDED',
        events: ['OBJECTION_RESOLVED'],
      },
      {
        resolution: 'unverifiable',
        ended: true,
        state: 'SUSPENDED',
        objection: 'SUSPENDED',
        events: ['OBJECTION_RESOLVED'],
      },
    ];

    test.each(resolutions)(
      'when an objection is resolved $resolution (notice ended: $ended), the candidate is $state',
      ({ resolution: r, ended, state: expected, objection: status, events }) => {
        const state = inPublicity();
        send(state, 'fileObjection', objection());
        if (ended) endPublicity(state);
        const effect = send(state, 'resolveObjection', resolution(r));
        expect(candidate(state, 'p1').state).toBe(expected);
        expect(state.objections[0]).toMatchObject({ status, resolution: r });
        expect(effect.events.map((e) => e.type)).toEqual(events);
        expect(effect.events.at(-1)?.payload.changes).toEqual([
          { personId: 'p1', state: expected, ...(r === 'upheld' ? { exitReason: 'objection obj-a upheld' } : {}) },
        ]);
      },
    );

    test('when an objection is minor, the cadre is reminded through a REMINDER_TO_CADRE notification', () => {
      const state = inPublicity();
      send(state, 'fileObjection', objection());
      const effect = send(state, 'resolveObjection', resolution('minor'));
      expect(effect.events[0]).toEqual({
        type: 'OBJECTION_RESOLVED',
        payload: { objectionId: 'obj-a', resolution: 'minor', note: '经核查', personId: 'p1' },
      });
      expect(effect.events[1]).toEqual({
        type: 'NOTIFICATION',
        payload: {
          kind: 'REMINDER_TO_CADRE',
          recipients: ['ORG_OFFICER'],
          personId: 'p1',
          message: expect.any(String),
          changes: [{ personId: 'p1', state: 'IN_PUBLICITY' }],
        },
      });
    });

    test('when an objection cannot be verified, the appointment is suspended for exactly 3 months', () => {
      const state = inPublicity();
      send(state, 'fileObjection', objection());
      const effect = send(state, 'resolveObjection', resolution('unverifiable'));
      expect(defaultRuleset.suspensionMonths).toBe(3);
      expect(addMonths(NOW, 3)).toBe('2027-02-25T02:00:00.000Z');
      expect(candidate(state, 'p1')).toMatchObject({ state: 'SUSPENDED', suspendedUntil: '2027-02-25T02:00:00.000Z' });
      expect(effect.events[0]?.payload).toMatchObject({ suspendedUntil: '2027-02-25T02:00:00.000Z' });
    });

    test('when a suspended objection is later found unfounded, the candidate continues and the suspension is cleared', () => {
      const state = inPublicity();
      send(state, 'fileObjection', objection());
      send(state, 'resolveObjection', resolution('unverifiable'));
      endPublicity(state);
      expect(nextStep(state)).toEqual({ kind: 'none' });
      expect(codeOf(state, 'appoint', appointment())).toBe('objection.open');
      expect(codeOf(state, 'resolveObjection', resolution('unverifiable'))).toBe('objection.already_suspended');
      send(state, 'resolveObjection', resolution('unfounded'));
      expect(candidate(state, 'p1').state).toBe('READY_TO_APPOINT');
      expect(candidate(state, 'p1').suspendedUntil).toBeUndefined();
      expect(nextStep(state)).toEqual({ kind: 'stage', to: 'APPOINTING' });
    });

    test('when one of two objections is resolved, the candidate stays ON_HOLD until the other is', () => {
      const state = inPublicity();
      send(state, 'fileObjection', objection());
      send(state, 'fileObjection', objection({ objectionId: 'obj-b', actor: officer }));
      send(state, 'resolveObjection', resolution('unfounded'));
      expect(candidate(state, 'p1').state).toBe('ON_HOLD');
      send(state, 'resolveObjection', resolution('minor', { objectionId: 'obj-b' }));
      expect(candidate(state, 'p1').state).toBe('IN_PUBLICITY');
    });

    describe('suspension (暂缓) from every unresolved objection', () => {
      const day = (date: string) => ({ now: `${date}T02:00:00.000Z` });
      /** Objections A and B open on p1 during the notice, which then ends. */
      function twoObjections(deriveSuspension = true) {
        const state = inPublicity();
        send(state, 'fileObjection', objection());
        send(state, 'fileObjection', objection({ objectionId: 'obj-b', actor: officer }));
        endPublicity(state);
        const resolve = (id: string, r: string, date: string) =>
          send(state, 'resolveObjection', resolution(r, { objectionId: id }), { ...day(date), deriveSuspension });
        return { state, resolve };
      }

      test("when A is unverifiable, then unfounded while B is open, then B is unverifiable, p1 is suspended until B's date", () => {
        const { state, resolve } = twoObjections();
        resolve('obj-a', 'unverifiable', '2027-03-01');
        expect(candidate(state, 'p1')).toMatchObject({
          state: 'SUSPENDED',
          suspendedUntil: '2027-06-01T02:00:00.000Z',
        });
        resolve('obj-a', 'unfounded', '2027-03-20');
        expect(candidate(state, 'p1').state).toBe('ON_HOLD');
        expect(candidate(state, 'p1').suspendedUntil).toBeUndefined();
        resolve('obj-b', 'unverifiable', '2027-04-15');
        expect(candidate(state, 'p1')).toMatchObject({
          state: 'SUSPENDED',
          suspendedUntil: '2027-07-15T02:00:00.000Z',
        });
        resolve('obj-b', 'unfounded', '2027-05-01');
        expect(candidate(state, 'p1').state).toBe('READY_TO_APPOINT');
        expect(candidate(state, 'p1').suspendedUntil).toBeUndefined();
      });

      test('when both are unverifiable and the later one is then cleared, p1 is suspended until the earlier date', () => {
        const { state, resolve } = twoObjections();
        resolve('obj-a', 'unverifiable', '2027-03-01');
        resolve('obj-b', 'unverifiable', '2027-04-15');
        expect(candidate(state, 'p1').suspendedUntil).toBe('2027-07-15T02:00:00.000Z');
        resolve('obj-b', 'minor', '2027-05-01');
        expect(candidate(state, 'p1')).toMatchObject({
          state: 'SUSPENDED',
          suspendedUntil: '2027-06-01T02:00:00.000Z',
        });
        expect(state.objections.map((o) => [o.objectionId, o.status, o.suspendedUntil])).toEqual([
          ['obj-a', 'SUSPENDED', '2027-06-01T02:00:00.000Z'],
          ['obj-b', 'RESOLVED', undefined],
        ]);
      });

      test("when the batch started before the correction, p1 keeps A's state and date as it did", () => {
        const { state, resolve } = twoObjections(false);
        resolve('obj-a', 'unverifiable', '2027-03-01');
        resolve('obj-a', 'unfounded', '2027-03-20');
        expect(candidate(state, 'p1')).toMatchObject({
          state: 'SUSPENDED',
          suspendedUntil: '2027-06-01T02:00:00.000Z',
        });
      });
    });

    describe('objectionStanding', () => {
      const o = (objectionId: string, status: ObjectionView['status'], suspendedUntil?: string): ObjectionView => ({
        objectionId,
        personId: 'p1',
        channel: 'PUBLIC',
        named: false,
        status,
        ...(suspendedUntil ? { suspendedUntil } : {}),
      });
      test.each([
        { case: 'no objection', objections: [], standing: { state: 'CLEAR' } },
        { case: 'only resolved ones', objections: [o('a', 'RESOLVED')], standing: { state: 'CLEAR' } },
        { case: 'an open one', objections: [o('a', 'RESOLVED'), o('b', 'OPEN')], standing: { state: 'ON_HOLD' } },
        {
          case: 'an open and a suspended one',
          objections: [o('a', 'SUSPENDED', '2026-06-01T00:00:00.000Z'), o('b', 'OPEN')],
          standing: { state: 'SUSPENDED', until: '2026-06-01T00:00:00.000Z' },
        },
        {
          case: 'two suspended ones',
          objections: [
            o('a', 'SUSPENDED', '2026-07-15T00:00:00.000Z'),
            o('b', 'SUSPENDED', '2026-06-01T00:00:00.000Z'),
          ],
          standing: { state: 'SUSPENDED', until: '2026-07-15T00:00:00.000Z' },
        },
        {
          case: "another candidate's suspension",
          objections: [{ ...o('a', 'SUSPENDED', '2026-06-01T00:00:00.000Z'), personId: 'p2' }],
          standing: { state: 'CLEAR' },
        },
      ])('when p1 has $case, the standing is $standing.state', ({ objections, standing }) => {
        expect(objectionStanding(objections, 'p1')).toEqual(standing);
      });
    });

    test.each([
      {
        case: 'a named reporter without feedback',
        named: true,
        feedback: undefined,
        code: 'objection.feedback_required',
      },
      { case: 'a named reporter with feedback', named: true, feedback: '已电话反馈核查结果', code: undefined },
      { case: 'an anonymous reporter without feedback', named: false, feedback: undefined, code: undefined },
    ])('when resolving for $case, the code is $code', ({ named, feedback, code }) => {
      const state = inPublicity();
      send(state, 'fileObjection', objection(named ? { reporterName: '赵六' } : {}));
      const refusal = refusalOf(state, 'resolveObjection', resolution('unfounded', feedback ? { feedback } : {}));
      expect(refusal?.code).toBe(code);
      if (code) expect(refusal?.errors).toEqual([{ path: 'feedback', message: expect.any(String) }]);
    });

    test.each([
      { case: 'does not exist', objectionId: 'obj-z', code: 'objection.not_found' },
      { case: 'is already resolved', objectionId: 'obj-a', code: 'objection.already_resolved' },
    ])('when the objection $case, resolving it is refused ($code)', ({ objectionId, code }) => {
      const state = inPublicity();
      send(state, 'fileObjection', objection());
      send(state, 'resolveObjection', resolution('unfounded'));
      expect(codeOf(state, 'resolveObjection', resolution('upheld', { objectionId }))).toBe(code);
    });
  });

  describe('appoint', () => {
    test('when the notice has ended without objections, the appointment is recorded with the decision date', () => {
      const state = appointing();
      const effect = send(state, 'appoint', appointment());
      expect(candidate(state, 'p1')).toMatchObject({
        state: 'APPOINTED',
        appointment: { documentNo: '局党组〔2026〕45号', noticeDate: '2026-12-04', decisionDate: '2026-11-25' },
      });
      expect(effect.events).toEqual([
        {
          type: 'APPOINTED',
          payload: {
            personId: 'p1',
            documentNo: '局党组〔2026〕45号',
            noticeDate: '2026-12-04',
            positionId: 'pos-office',
            level: '正处',
            decisionDate: '2026-11-25',
            changes: [{ personId: 'p1', state: 'APPOINTED' }],
          },
        },
      ]);
    });

    test.each([
      { noticeDate: '2026-12-01', code: 'appointment.before_publicity_end' },
      { noticeDate: '2026-12-03', code: 'appointment.before_publicity_end' },
      { noticeDate: '2026-12-04', code: undefined },
    ])('when the notice ends 2026-12-03 and the appointment is dated $noticeDate, the code is $code', (row) => {
      const refusal = refusalOf(publicityEnded(), 'appoint', appointment({ noticeDate: row.noticeDate }));
      expect(refusal?.code).toBe(row.code);
      if (row.code) expect(refusal?.errors).toEqual([{ path: 'noticeDate', message: expect.any(String) }]);
    });

    test.each([
      { case: 'the next day', noticeDate: '2026-12-04', ruleset: defaultRuleset, code: undefined },
      { case: '30 days after today', noticeDate: '2026-12-25', ruleset: defaultRuleset, code: undefined },
      {
        case: '31 days after today',
        noticeDate: '2026-12-26',
        ruleset: defaultRuleset,
        code: 'appointment.too_far_ahead',
      },
      {
        case: '8 days after today with a 7-day limit',
        noticeDate: '2026-12-03',
        ruleset: { ...defaultRuleset, appointmentMaxDaysAhead: 7 },
        code: 'appointment.too_far_ahead',
      },
      {
        case: 'years ahead, in a batch started before the limit existed',
        noticeDate: '2030-01-01',
        ruleset: (({ appointmentMaxDaysAhead: _a, ...r }) => r)(defaultRuleset),
        code: undefined,
      },
    ])(
      'when the appointment is dated $case (checked 2026-11-25), the code is $code',
      ({ noticeDate, ruleset, code }) => {
        expect(defaultRuleset.appointmentMaxDaysAhead).toBe(30);
        const state = batch({}, ruleset);
        for (const c of state.candidates) vet(state, c.personId);
        advance(state);
        send(state, 'recordDecision', unanimousMeeting('mt-1', ['p1', 'p2']));
        applyPublicity(state, { ...PUBLICITY_5, endsOn: '2026-11-30', endsAt: '2026-11-30T16:00:00.000Z' }, [
          'p1',
          'p2',
        ]);
        endPublicity(state);
        const refusal = refusalOf(state, 'appoint', appointment({ noticeDate }));
        expect(refusal?.code).toBe(code);
        if (code) expect(refusal?.errors).toEqual([{ path: 'noticeDate', message: expect.any(String) }]);
      },
    );

    test.each([
      { case: 'the notice still runs', state: () => inPublicity(), code: 'candidate.wrong_state' },
      {
        case: 'an objection is open',
        state: () => {
          const state = inPublicity();
          send(state, 'fileObjection', objection());
          endPublicity(state);
          return state;
        },
        code: 'objection.open',
      },
      {
        case: 'the candidate is held',
        state: () => {
          const state = publicityEnded();
          send(state, 'placeHold', { personId: 'p1', reason: '收到新的问题线索', actor: discipline });
          return state;
        },
        code: 'candidate.on_hold',
      },
      {
        case: 'the batch is held',
        state: () => {
          const state = publicityEnded();
          send(state, 'placeHold', { reason: '专项检查', actor: discipline });
          return state;
        },
        code: 'candidate.on_hold',
      },
      {
        case: 'the objection was upheld',
        state: () => {
          const state = inPublicity();
          send(state, 'fileObjection', objection());
          send(state, 'resolveObjection', resolution('upheld'));
          endPublicity(state);
          return state;
        },
        code: 'candidate.wrong_state',
      },
      {
        case: 'the candidate is already appointed',
        state: () => {
          const state = appointing();
          send(state, 'appoint', appointment());
          return state;
        },
        code: 'candidate.wrong_state',
      },
    ])('when $case, the appointment is refused ($code)', ({ state, code }) => {
      expect(codeOf(state(), 'appoint', appointment())).toBe(code);
    });

    test('when the hold is lifted, the appointment goes ahead', () => {
      const state = publicityEnded();
      const held = send(state, 'placeHold', { holdId: 'h1', personId: 'p1', reason: '问题线索', actor: discipline });
      expect(held.result).toEqual({ holdId: 'h1' });
      expect(state.holds).toEqual([
        { holdId: 'h1', personId: 'p1', reason: '问题线索', placedBy: discipline.id, placedAt: NOW },
      ]);
      expect(codeOf(state, 'placeHold', { holdId: 'h1', reason: '重复', actor: discipline })).toBe('hold.duplicate');
      send(state, 'liftHold', { holdId: 'h1', reason: '线索了结', actor: discipline });
      expect(state.holds).toEqual([]);
      expect(codeOf(state, 'liftHold', { holdId: 'h1', actor: discipline })).toBe('hold.not_found');
      expect(codeOf(state, 'appoint', appointment())).toBeUndefined();
    });

    test('when probation starts, the candidate is ON_PROBATION from the notice date', () => {
      const state = appointing();
      send(state, 'appoint', appointment());
      const events = startProbation(state, 'p1', 'probation-batch-2026-2-p1', '2027-12-04');
      expect(candidate(state, 'p1').state).toBe('ON_PROBATION');
      expect(events).toEqual([
        {
          type: 'PROBATION_STARTED',
          payload: {
            personId: 'p1',
            workflowId: 'probation-batch-2026-2-p1',
            startsOn: '2026-12-04',
            endsOn: '2027-12-04',
            changes: [{ personId: 'p1', state: 'ON_PROBATION' }],
          },
        },
      ]);
    });
  });

  describe('cancel', () => {
    test.each([
      { case: 'INSPECTING', state: batch, after: { p1: 'NOT_SELECTED', p2: 'NOT_SELECTED' } },
      {
        case: 'INSPECTING with a vetoed candidate',
        state: () => {
          const state = batch();
          send(state, 'recordCheck', {
            personId: 'p1',
            kind: 'DISCIPLINE_OPINION',
            result: 'affects_use',
            reason: '违纪',
            actor: discipline,
          });
          return state;
        },
        after: { p1: 'VETOED', p2: 'NOT_SELECTED' },
      },
      { case: 'PUBLICITY', state: () => inPublicity(), after: { p1: 'NOT_SELECTED', p2: 'NOT_SELECTED' } },
      {
        case: 'APPOINTING with p1 appointed',
        state: () => {
          const state = appointing();
          send(state, 'appoint', appointment());
          return state;
        },
        after: { p1: 'APPOINTED', p2: 'NOT_SELECTED' },
      },
    ])('when cancelled in $case, unsettled candidates become NOT_SELECTED', ({ state: make, after }) => {
      const state = make();
      const from = state.stage;
      const effect = send(state, 'cancel', { reason: '机构改革暂停选拔', actor: head });
      expect(state).toMatchObject({
        stage: 'CANCELLED',
        cancelReason: '机构改革暂停选拔',
        waitingFor: 'nothing: the batch is cancelled',
      });
      expect(statesOf(state)).toEqual(after);
      const changed = Object.entries(after)
        .filter(([, s]) => s === 'NOT_SELECTED')
        .map(([personId]) => ({ personId, state: 'NOT_SELECTED', exitReason: 'batch cancelled: 机构改革暂停选拔' }));
      expect(effect.events).toEqual([
        { type: 'BATCH_CANCELLED', payload: { reason: '机构改革暂停选拔' } },
        { type: 'STAGE_CHANGED', payload: { from, to: 'CANCELLED', changes: changed } },
      ]);
      expect(nextStep(state)).toEqual({ kind: 'none' });
    });

    test.each([
      { name: 'recordDecision', message: unanimousMeeting('mt-9', ['p1']) },
      { name: 'withdraw', message: { personId: 'p1', reason: '个人原因', actor: head } },
      { name: 'disqualify', message: { personId: 'p1', reason: '不符合条件', actor: head } },
      { name: 'placeHold', message: { personId: 'p1', reason: '线索', actor: discipline } },
      { name: 'appoint', message: appointment() },
      { name: 'cancel', message: { reason: '再次取消', actor: head } },
      { name: 'fileObjection', message: { personId: 'p1', content: '反映问题' } },
      { name: 'extendPublicity', message: { workingDays: 7, reason: '延长', actor: officer } },
      { name: 'liftHold', message: { holdId: 'none', actor: discipline } },
      { name: 'recordCheck', message: { personId: 'p1', kind: 'ARCHIVE_AUDIT', result: 'clear', actor: officer } },
    ] as { name: CommandName; message: object }[])(
      'when the batch is cancelled, $name is refused (batch.closed)',
      ({ name, message }) => {
        const state = inPublicity();
        send(state, 'cancel', { reason: '机构改革暂停选拔', actor: head });
        expect(codeOf(state, name, message)).toBe('batch.closed');
      },
    );
  });

  describe('events carry changes', () => {
    test.each([
      {
        case: 'a withdrawal',
        state: batch,
        name: 'withdraw',
        message: { personId: 'p2', reason: '个人原因', initiator: 'CANDIDATE', actor: officer },
        changes: [{ personId: 'p2', state: 'WITHDRAWN', exitReason: '个人原因' }],
      },
      {
        case: 'a first check',
        state: batch,
        name: 'recordCheck',
        message: { personId: 'p1', kind: 'ARCHIVE_AUDIT', result: 'clear', actor: officer },
        changes: undefined,
      },
      {
        case: 'a hold',
        state: batch,
        name: 'placeHold',
        message: { personId: 'p1', reason: '线索', actor: discipline },
        changes: undefined,
      },
      {
        case: 'a staff objection',
        state: () => inPublicity(),
        name: 'fileObjection',
        message: objection({ personId: 'p2', actor: officer }),
        changes: [{ personId: 'p2', state: 'ON_HOLD' }],
      },
    ] as { case: string; state: () => BatchState; name: CommandName; message: object; changes: unknown }[])(
      'when applying $case, the last event lists exactly the candidates whose state changed',
      ({ state: make, name, message, changes }) => {
        const effect = send(make(), name, message);
        expect(effect.events.at(-1)?.payload.changes).toEqual(changes);
      },
    );

    test('when the stage changes without any candidate changing, the event carries no changes', () => {
      const state = batch();
      vet(state, 'p1');
      vet(state, 'p2');
      expect(advance(state)[0]?.payload).not.toHaveProperty('changes');
    });
  });

  describe('addMonths', () => {
    test.each([
      { from: '2026-01-31T00:00:00.000Z', months: 1, to: '2026-02-28T00:00:00.000Z' },
      { from: '2024-01-31T00:00:00.000Z', months: 1, to: '2024-02-29T00:00:00.000Z' },
      { from: '2026-11-30T00:00:00.000Z', months: 3, to: '2027-02-28T00:00:00.000Z' },
      { from: '2024-11-30T00:00:00.000Z', months: 3, to: '2025-02-28T00:00:00.000Z' },
      { from: '2027-11-30T00:00:00.000Z', months: 3, to: '2028-02-29T00:00:00.000Z' },
      { from: '2026-03-15T00:00:00.000Z', months: 12, to: '2027-03-15T00:00:00.000Z' },
      { from: '2028-02-29T00:00:00.000Z', months: 12, to: '2029-02-28T00:00:00.000Z' },
      { from: '2026-08-31T00:00:00.000Z', months: 3, to: '2026-11-30T00:00:00.000Z' },
      { from: '2026-10-31T00:00:00.000Z', months: 3, to: '2027-01-31T00:00:00.000Z' },
      { from: '2026-12-15T00:00:00.000Z', months: 1, to: '2027-01-15T00:00:00.000Z' },
      { from: '2026-11-20T02:00:00.000Z', months: 3, to: '2027-02-20T02:00:00.000Z' },
      { from: '2026-05-31T16:30:00.000Z', months: 1, to: '2026-06-30T16:30:00.000Z' },
      { from: '2026-03-05T10:20:30.456Z', months: 3, to: '2026-06-05T10:20:30.456Z' },
      // 04:00 on 30 Nov in Shanghai: three months later is 28 Feb in Shanghai, not 1 March.
      { from: '2026-11-29T20:00:00.000Z', months: 3, to: '2027-02-27T20:00:00.000Z' },
    ])('when $months month(s) are added to $from, the result is $to', ({ from, months, to }) => {
      expect(addMonths(from, months)).toBe(to);
    });
  });

  describe('shanghaiDate', () => {
    test.each([
      { instant: '2026-03-05T16:00:00Z', date: '2026-03-06' },
      { instant: '2026-03-05T15:59:59Z', date: '2026-03-05' },
      { instant: '2026-03-05T00:00:00Z', date: '2026-03-05' },
      { instant: '2026-12-31T16:00:00.000Z', date: '2027-01-01' },
      { instant: '2026-12-31T15:59:59.999Z', date: '2026-12-31' },
      { instant: '2028-02-28T16:00:00.000Z', date: '2028-02-29' },
      { instant: '2026-03-06T00:00:00+08:00', date: '2026-03-06' },
    ])('when the instant is $instant, the Shanghai date is $date', ({ instant, date }) => {
      expect(shanghaiDate(instant)).toBe(date);
    });
  });
});
