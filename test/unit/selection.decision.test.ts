import { describe, expect, test } from 'vitest';
import type { StartBatchInput } from '../../domain/batch';
import { defaultRuleset } from '../../domain/ruleset';
import { applyPublicity, endPublicity, waitForCalendar } from '../../domain/selection';
import { discipline, head, officer, secretary } from '../helpers/workflow-actors';
import { refusalOf, codeOf, send, candidate, statesOf, vet, advance } from '../helpers/selection-send';
import { unanimousMeeting, meeting, objection, PUBLICITY_5, PUBLICITY_7 } from '../helpers/selection-messages';
import { twoForOneSeat, batch, deciding, approved, inPublicity, publicityEnded } from '../helpers/selection-fixtures';

describe('selection', () => {
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
});
