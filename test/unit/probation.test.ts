import { describe, expect, test } from 'vitest';
import {
  appointmentTalkSchema,
  checkAppointmentTalk,
  checkProbationOutcome,
  probationOutcomeSchema,
  probationStreamId,
} from '../../domain/probation';
import type { ProbationOutcomeInput, ProbationState } from '../../domain/probation';
import { roles } from '../../domain/roles';
import type { Actor, Role } from '../../domain/roles';
import { defaultRuleset } from '../../domain/ruleset';
import { addMonths } from '../../domain/selection';
import { head, officer } from '../helpers/workflow-actors';

/** Appointed by the notice of 2026-12-04: one year's probation until 2027-12-04. */
function probation(overrides: Partial<ProbationState> = {}): ProbationState {
  return {
    batchId: 'batch-2026-2',
    personId: 'p1',
    startsOn: '2026-12-04',
    endsOn: '2027-12-04',
    ended: false,
    seq: 0,
    ...overrides,
  };
}

const as = (role: Role): Actor => ({ id: `u-${role.toLowerCase()}`, roles: [role] });
type Who = Role | 'public';
const everyone: Who[] = [...roles, 'public'];
const actorOf = (who: Who): Actor | undefined => (who === 'public' ? undefined : as(who));

const confirmed: ProbationOutcomeInput = { outcome: 'CONFIRMED', decidedOn: '2027-12-06' };
const failed: ProbationOutcomeInput = {
  outcome: 'PROBATION_FAILED',
  reason: '试用期考核不称职',
  decidedOn: '2027-06-15',
};

/** The workflow's rule: the probation ends 12 months after the appointment notice (clamped to the month's end). */
const probationEnd = (noticeDate: string) =>
  addMonths(`${noticeDate}T00:00:00.000Z`, defaultRuleset.probationMonths).slice(0, 10);

describe('probation', () => {
  describe('probation end (1 year from the appointment notice)', () => {
    test('when the ruleset is the default, the probation lasts 12 months', () => {
      expect(defaultRuleset.probationMonths).toBe(12);
    });

    test.each([
      { noticeDate: '2026-12-04', endsOn: '2027-12-04' },
      { noticeDate: '2026-03-15', endsOn: '2027-03-15' },
      { noticeDate: '2026-12-31', endsOn: '2027-12-31' },
      { noticeDate: '2028-02-29', endsOn: '2029-02-28' },
      { noticeDate: '2027-02-28', endsOn: '2028-02-28' },
    ])('when the appointment notice is dated $noticeDate, the probation ends on $endsOn', ({ noticeDate, endsOn }) => {
      expect(probationEnd(noticeDate)).toBe(endsOn);
    });
  });

  describe('checkProbationOutcome', () => {
    test.each([
      { case: 'CONFIRMED before the year has run', ended: false, input: confirmed, code: 'probation.not_ended' },
      { case: 'CONFIRMED once the year has run', ended: true, input: confirmed, code: undefined },
      { case: 'PROBATION_FAILED with a reason during the year', ended: false, input: failed, code: undefined },
      { case: 'PROBATION_FAILED with a reason after the year', ended: true, input: failed, code: undefined },
      {
        case: 'PROBATION_FAILED without a reason during the year',
        ended: false,
        input: { outcome: 'PROBATION_FAILED', decidedOn: '2027-06-15' },
        code: 'probation.reason_required',
      },
      {
        case: 'PROBATION_FAILED without a reason after the year',
        ended: true,
        input: { outcome: 'PROBATION_FAILED', decidedOn: '2027-12-06' },
        code: 'probation.reason_required',
      },
    ] as { case: string; ended: boolean; input: ProbationOutcomeInput; code: string | undefined }[])(
      'when ORG_HEAD records $case, the code is $code',
      ({ ended, input, code }) => {
        expect(checkProbationOutcome(probation({ ended }), input, head)?.code).toBe(code);
      },
    );

    test.each(everyone.map((who) => ({ who, allowed: who === 'ORG_HEAD' })))(
      'when $who records the outcome, allowed is $allowed',
      ({ who, allowed }) => {
        const refusal = checkProbationOutcome(probation({ ended: true }), confirmed, actorOf(who));
        expect(refusal?.code).toBe(allowed ? undefined : 'role.forbidden');
      },
    );

    test.each([
      { outcome: 'CONFIRMED', input: confirmed },
      { outcome: 'CONFIRMED', input: failed },
      { outcome: 'PROBATION_FAILED', input: confirmed },
      { outcome: 'PROBATION_FAILED', input: failed },
    ] as { outcome: ProbationOutcomeInput['outcome']; input: ProbationOutcomeInput }[])(
      'when the probation is already $outcome, recording $input.outcome is refused (probation.already_decided)',
      ({ outcome, input }) => {
        expect(checkProbationOutcome(probation({ ended: true, outcome }), input, head)?.code).toBe(
          'probation.already_decided',
        );
      },
    );

    test('when the actor is ORG_HEAD among other roles, the role check passes', () => {
      const both: Actor = { id: 'u-both', roles: ['ORG_OFFICER', 'ORG_HEAD'] };
      expect(checkProbationOutcome(probation({ ended: true }), confirmed, both)).toBeUndefined();
    });
  });

  describe('probationOutcomeSchema', () => {
    test.each([
      { case: 'a confirmation', body: { outcome: 'CONFIRMED', decidedOn: '2027-12-06' }, ok: true },
      { case: 'a failure with a reason', body: failed, ok: true },
      { case: 'an unknown outcome', body: { outcome: 'EXTENDED', decidedOn: '2027-12-06' }, ok: false },
      { case: 'an impossible date', body: { outcome: 'CONFIRMED', decidedOn: '2027-02-30' }, ok: false },
      { case: 'no date', body: { outcome: 'CONFIRMED' }, ok: false },
      {
        case: 'a blank reason',
        body: { outcome: 'PROBATION_FAILED', reason: '   ', decidedOn: '2027-06-15' },
        ok: false,
      },
      { case: 'an unknown field', body: { ...confirmed, approvedBy: 'x' }, ok: false },
    ])('when the body is $case, valid is $ok', ({ body, ok }) => {
      expect(probationOutcomeSchema.safeParse(body).success).toBe(ok);
    });

    test('when a reason has surrounding spaces, it is trimmed', () => {
      expect(probationOutcomeSchema.parse({ ...failed, reason: '  不称职  ' }).reason).toBe('不称职');
    });
  });

  describe('checkAppointmentTalk', () => {
    test.each(everyone.map((who) => ({ who, allowed: who === 'ORG_OFFICER' || who === 'ORG_HEAD' })))(
      'when $who records the appointment talk, allowed is $allowed',
      ({ who, allowed }) => {
        const refusal = checkAppointmentTalk(probation(), { talkOn: '2026-12-08' }, actorOf(who));
        expect(refusal?.code).toBe(allowed ? undefined : 'role.forbidden');
      },
    );

    test.each([
      { case: 'before the appointment notice', talkOn: '2026-12-03', talked: undefined, code: 'talk.before_notice' },
      { case: 'on the day of the notice', talkOn: '2026-12-04', talked: undefined, code: undefined },
      { case: 'weeks after the notice', talkOn: '2027-01-20', talked: undefined, code: undefined },
      { case: 'a second time', talkOn: '2026-12-10', talked: '2026-12-08', code: 'talk.already_recorded' },
    ])('when the talk is recorded $case, the code is $code', ({ talkOn, talked, code }) => {
      const state = probation(talked ? { talkOn: talked } : {});
      expect(checkAppointmentTalk(state, { talkOn }, officer)?.code).toBe(code);
    });

    test('when the talk was already recorded, the refusal names the date', () => {
      expect(checkAppointmentTalk(probation({ talkOn: '2026-12-08' }), { talkOn: '2026-12-10' }, head)).toEqual({
        code: 'talk.already_recorded',
        message: expect.stringContaining('2026-12-08'),
      });
    });
  });

  describe('appointmentTalkSchema', () => {
    test.each([
      { case: 'a date and a note', body: { talkOn: '2026-12-08', note: '党组书记与本人谈话' }, ok: true },
      { case: 'a date only', body: { talkOn: '2026-12-08' }, ok: true },
      { case: 'no date', body: { note: '谈话' }, ok: false },
      { case: 'a date with a time', body: { talkOn: '2026-12-08T10:00:00Z' }, ok: false },
      { case: 'an unknown field', body: { talkOn: '2026-12-08', talkBy: 'u-x' }, ok: false },
      { case: 'a note that is too long', body: { talkOn: '2026-12-08', note: 'x'.repeat(4001) }, ok: false },
    ])('when the body is $case, valid is $ok', ({ body, ok }) => {
      expect(appointmentTalkSchema.safeParse(body).success).toBe(ok);
    });
  });

  describe('probationStreamId', () => {
    test('when naming the stream of a probation, it joins the batch and the person', () => {
      expect(probationStreamId('batch-2026-2', 'p1')).toBe('probation:batch-2026-2:p1');
    });
  });
});
