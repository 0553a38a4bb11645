import { defineSignal, defineUpdate } from '@temporalio/workflow';
import type * as selection from '../domain/selection';
import { defineCheckMessages, defineStateQuery, sharedCommandMessages } from './batch.messages';
import type { CommandMessages } from './messaging';

// The steps every kind takes (decision, objections, holds, withdrawal, extension, cancellation, calendarUpdated).
export * from './batch.messages';

export const stateQuery = defineStateQuery<selection.BatchState>();

/** Vetting (凡提四必, branch and integrity opinions). */
const checks = defineCheckMessages<selection.RecordCheckInput>();
export const { vettingResultSignal, partyBranchOpinionSignal, disciplineOpinionSignal, recordCheckUpdate } = checks;

/** The appointment notice (任职通知); starts the appointee's probation. */
type Appoint = selection.SignalEnvelope<selection.AppointInput>;
export const appointSignal = defineSignal<[Appoint]>('appoint');
export const appointUpdate = defineUpdate<selection.CommandResult, [Appoint]>('appoint');

/** Each command with its update and signals. */
export const commandMessages: CommandMessages<selection.CommandName> = [
  checks.recordCheck,
  ...sharedCommandMessages,
  { name: 'appoint', update: appointUpdate, signals: [{ def: appointSignal }] },
];
