import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { AppointmentTalkInput, ProbationOutcomeInput, ProbationState } from '../domain/probation';
import type { SignalEnvelope } from '../domain/selection';

export const probationStateQuery = defineQuery<ProbationState>('state');
export const probationOutcomeSignal = defineSignal<[SignalEnvelope<ProbationOutcomeInput>]>('probationOutcome');
export const probationOutcomeUpdate = defineUpdate<{ seq: number }, [SignalEnvelope<ProbationOutcomeInput>]>(
  'recordProbationOutcome',
);
export const appointmentTalkSignal = defineSignal<[SignalEnvelope<AppointmentTalkInput>]>('appointmentTalk');
export const appointmentTalkUpdate = defineUpdate<{ seq: number }, [SignalEnvelope<AppointmentTalkInput>]>(
  'recordAppointmentTalk',
);
