import { describe, expect, test } from 'vitest';
import { defaultRuleset } from '../../domain/ruleset';
import {
  addMonths,
  applyPublicity,
  endPublicity,
  nextStep,
  shanghaiDate,
  startProbation,
} from '../../domain/selection';
import type { BatchState, CommandName } from '../../domain/selection';
import { discipline, head, officer } from '../helpers/workflow-actors';
import { NOW, refusalOf, codeOf, send, candidate, statesOf, vet, advance } from '../helpers/selection-send';
import { unanimousMeeting, objection, resolution, appointment, PUBLICITY_5 } from '../helpers/selection-messages';
import { batch, inPublicity, publicityEnded, appointing } from '../helpers/selection-fixtures';

describe('selection', () => {
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
