import { describe, expect, test } from 'vitest';
import { defaultRuleset } from '../../domain/ruleset';
import { addMonths, applyPublicity, endPublicity, nextStep, objectionStanding } from '../../domain/selection';
import type { CandidateState, ObjectionView } from '../../domain/selection';
import { head, officer } from '../helpers/workflow-actors';
import { NOW, refusalOf, codeOf, send, candidate, statesOf } from '../helpers/selection-send';
import { meeting, objection, resolution, appointment, PUBLICITY_5 } from '../helpers/selection-messages';
import { deciding, approved, inPublicity, publicityEnded } from '../helpers/selection-fixtures';

describe('selection', () => {
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
});
