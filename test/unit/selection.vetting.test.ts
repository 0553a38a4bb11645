import { describe, expect, test } from 'vitest';
import { endPublicity, nextStep, pendingOpinions } from '../../domain/selection';
import type { BatchState } from '../../domain/selection';
import { allChecks, branchSecretary, discipline, head, officer, secretary } from '../helpers/workflow-actors';
import { codeOf, send, candidate, vet, advance } from '../helpers/selection-send';
import { meeting, objection, resolution, appointment } from '../helpers/selection-messages';
import { batch, deciding, inPublicity, appointing } from '../helpers/selection-fixtures';

describe('selection', () => {
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
});
