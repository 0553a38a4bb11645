import { z } from 'zod';
import type { PositionLevel } from './batch';
import type { RoleSignals } from './events';
import { hasRole, type Actor } from './roles';

/** 条例: one year's probation for promotions to non-elected leading posts, counted from the appointment notice. */
export interface ProbationInput {
  batchId: string;
  personId: string;
  positionId: string;
  level: PositionLevel;
  startsOn: string;
  endsOn: string;
  timerScale: number;
  talkReminderWorkingDays: number;
  /** The batch's ROLE_SIGNALS; absent (probations started before it existed): `accept`. */
  roleSignals?: RoleSignals;
}

export const probationOutcomeSchema = z.strictObject({
  outcome: z.enum(['CONFIRMED', 'PROBATION_FAILED']),
  reason: z.string().trim().min(1).max(4000).optional(),
  decidedOn: z.iso.date(),
});
export type ProbationOutcomeInput = z.output<typeof probationOutcomeSchema>;

/** 任职谈话: recorded once; no regulation deadline, a reminder after 10 working days [DESIGN]. */
export const appointmentTalkSchema = z.strictObject({
  talkOn: z.iso.date(),
  note: z.string().max(4000).optional(),
});
export type AppointmentTalkInput = z.output<typeof appointmentTalkSchema>;

export function checkAppointmentTalk(state: ProbationState, input: AppointmentTalkInput, actor: Actor | undefined) {
  if (!actor || !hasRole(actor, 'ORG_OFFICER', 'ORG_HEAD'))
    return { code: 'role.forbidden', message: 'recording the appointment talk needs ORG_OFFICER or ORG_HEAD' };
  if (state.talkOn)
    return { code: 'talk.already_recorded', message: `the appointment talk was recorded on ${state.talkOn}` };
  if (input.talkOn < state.startsOn)
    return {
      code: 'talk.before_notice',
      message: `the talk cannot precede the appointment notice (${state.startsOn})`,
    };
  return undefined;
}

export interface ProbationState {
  batchId: string;
  personId: string;
  startsOn: string;
  endsOn: string;
  ended: boolean;
  talkOn?: string;
  outcome?: ProbationOutcomeInput['outcome'];
  seq: number;
}

/**
 * ORG_HEAD records the party group's conclusion. CONFIRMED only once the year has run; PROBATION_FAILED (removed
 * from the post, back to the previous level) may come earlier and needs a reason.
 */
export function checkProbationOutcome(state: ProbationState, input: ProbationOutcomeInput, actor: Actor | undefined) {
  if (!actor || !hasRole(actor, 'ORG_HEAD'))
    return { code: 'role.forbidden', message: 'recording a probation outcome needs ORG_HEAD' };
  if (state.outcome) return { code: 'probation.already_decided', message: `probation already ${state.outcome}` };
  if (input.outcome === 'CONFIRMED' && !state.ended)
    return { code: 'probation.not_ended', message: `the probation runs until ${state.endsOn}` };
  if (input.outcome === 'PROBATION_FAILED' && !input.reason)
    return { code: 'probation.reason_required', message: 'a failed probation needs a reason' };
  return undefined;
}

export const probationStreamId = (batchId: string, personId: string) => `probation:${batchId}:${personId}`;
