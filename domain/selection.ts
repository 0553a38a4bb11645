import { kindStages } from './procedure/stages';
import { attachChanges, snapshot, type EventDraft } from './procedure/state';
import { selectionCommands } from './selection/commands';
import { selectionSpec } from './selection/spec';
import type { BatchState } from './selection/state';

// 选拔任用: the selection batch, one kind of the shared procedure (domain/procedure/).

export { addMonths, readySince, shanghaiDate, tooFarAhead } from './procedure/dates';
export {
  actorSchema,
  declaredActor,
  signalChannelRefusal,
  type CancelInput,
  type CommandContext,
  type CommandResult,
  type DisqualifyInput,
  type ExtendPublicityInput,
  type HoldInput,
  type LiftHoldInput,
  type ObjectionInput,
  type ResolveObjectionInput,
  type SignalEnvelope,
  type WithdrawInput,
} from './procedure/messages';
export type { Refusal } from './procedure/refusal';
export type { NextStep } from './procedure/stages';
export {
  attachChanges,
  isHeld,
  notification,
  objectionStanding,
  type Effect,
  type EventDraft,
  type HoldView,
  type ObjectionStanding,
  type ObjectionView,
} from './procedure/state';
export {
  commandSchemas,
  type AppointInput,
  type CommandInput,
  type CommandName,
  type DecisionInput,
  type RecordCheckInput,
} from './selection/commands';
export { pendingOpinions } from './selection/spec';
export {
  batchWorkflowId,
  candidateStates,
  exitStates,
  initialState,
  isExit,
  isSettled,
  probationWorkflowId,
  type BatchStartedPayload,
  type BatchState,
  type CandidateState,
  type CandidateView,
  type SelectionBatchCarry,
  type SelectionBatchInput,
} from './selection/state';

/** Validates a message against the batch; a refusal names the field or the rule. */
export const checkCommand = selectionCommands.check;
export const applyCommand = selectionCommands.apply;

export const { nextStep, changeStage, applyPublicity, endPublicity, waitForCalendar, describeWait } =
  kindStages(selectionSpec);

export function startProbation(state: BatchState, personId: string, workflowId: string, endsOn: string): EventDraft[] {
  const c = state.candidates.find((x) => x.personId === personId)!;
  const before = snapshot(state);
  c.state = 'ON_PROBATION';
  const events: EventDraft[] = [
    { type: 'PROBATION_STARTED', payload: { personId, workflowId, startsOn: c.appointment!.noticeDate, endsOn } },
  ];
  attachChanges(state, before, events);
  return events;
}
