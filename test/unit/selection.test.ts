import { describe, expect, test } from 'vitest';
import type { Role } from '../../domain/roles';
import { checkCommand } from '../../domain/selection';
import type { BatchState, CommandName } from '../../domain/selection';
import type { CheckKind } from '../../domain/vetting';
import { branchSecretary, discipline, head, officer, secretary } from '../helpers/workflow-actors';
import { NOW, refusalOf, codeOf, send, candidate, statesOf } from '../helpers/selection-send';
import { meeting, objection, resolution, appointment, as, actorOf, everyone } from '../helpers/selection-messages';
import type { Who } from '../helpers/selection-messages';
import { batch, deciding, inPublicity, appointing } from '../helpers/selection-fixtures';

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
});
