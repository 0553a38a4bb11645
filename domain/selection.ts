import type { BatchStage } from './batch';
import type { PublicityWindow } from './calendar';
import type { CommandContext } from './procedure/messages';
import * as stages from './procedure/stages';
import { attachChanges, snapshot, type EventDraft } from './procedure/state';
import type { Actor } from './roles';
import { selectionCommands, type CommandInput, type CommandName } from './selection/commands';
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
export function checkCommand<N extends CommandName>(state: BatchState, name: N, raw: unknown, ctx: CommandContext) {
  return selectionCommands.check(state, name, raw, ctx);
}

export function applyCommand<N extends CommandName>(
  state: BatchState,
  name: N,
  input: CommandInput<N>,
  actor: Actor | undefined,
  ctx: CommandContext,
) {
  return selectionCommands.apply(state, name, input, actor, ctx);
}

/** What the batch does next on its own: advance its stage, or open the public notice. */
export const nextStep = (state: BatchState) => stages.nextStep(selectionSpec, state);
export const changeStage = (state: BatchState, to: BatchStage) => stages.changeStage(selectionSpec, state, to);
export const applyPublicity = (state: BatchState, window: PublicityWindow, personIds: string[]) =>
  stages.applyPublicity(selectionSpec, state, window, personIds);
export const endPublicity = (state: BatchState) => stages.endPublicity(selectionSpec, state);
export const waitForCalendar = (state: BatchState, year: number) => stages.waitForCalendar(state, year);
export const describeWait = (state: BatchState) => stages.describeWait(selectionSpec, state);

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
