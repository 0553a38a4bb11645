import { selectionCommands } from '../domain/commands/selection';
import type * as selection from '../domain/selection';
import { defineCheckMessages, defineStateQuery, wireOf } from './batch.messages';

// The steps every kind takes (decision, objections, holds, withdrawal, extension, cancellation, calendarUpdated).
export * from './batch.messages';

export const stateQuery = defineStateQuery<selection.BatchState>();

const wire = wireOf(selectionCommands);

/** Vetting (凡提四必, branch and integrity opinions). */
export const { vettingResultSignal, partyBranchOpinionSignal, disciplineOpinionSignal, recordCheckUpdate } =
  defineCheckMessages<selection.RecordCheckInput>(wire);

/** The appointment notice (任职通知); starts the appointee's probation. */
export const appointSignal = wire.signal<selection.AppointInput>('appoint');
export const appointUpdate = wire.update<selection.AppointInput>('appoint');
