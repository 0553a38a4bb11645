import { applyCommand, changeStage, checkCommand, nextStep } from '../../domain/selection';
import type { BatchState, CommandContext, CommandName, Effect, EventDraft, Refusal } from '../../domain/selection';
import { allChecks } from './workflow-actors';

/** Vetting, the meeting and everything else happen on 2026-11-25 (10:00 in Shanghai) unless a test says otherwise. */
export const NOW = '2026-11-25T02:00:00.000Z';
export function refusalOf(
  state: BatchState,
  name: CommandName,
  message: unknown,
  ctx: CommandContext = { now: NOW },
): Refusal | undefined {
  const checked = checkCommand(state, name, message, ctx);
  return checked.ok ? undefined : checked.refusal;
}
export const codeOf = (state: BatchState, name: CommandName, message: object, ctx?: CommandContext) =>
  refusalOf(state, name, message, ctx)?.code;

/** Checks then applies a message, as the workflow does; a refusal fails the test with its code. */
export function send(
  state: BatchState,
  name: CommandName,
  message: object,
  ctx: CommandContext = { now: NOW },
): Effect {
  const checked = checkCommand(state, name, message, ctx);
  if (!checked.ok) throw new Error(`${name} refused: ${checked.refusal.code}: ${checked.refusal.message}`);
  return applyCommand(state, name, checked.input, checked.actor, ctx);
}

export const candidate = (state: BatchState, personId: string) => {
  const c = state.candidates.find((x) => x.personId === personId);
  if (!c) throw new Error(`no candidate ${personId}`);
  return c;
};
export const statesOf = (state: BatchState) => Object.fromEntries(state.candidates.map((c) => [c.personId, c.state]));

export function vet(state: BatchState, personId: string): Effect[] {
  return allChecks(personId, candidate(state, personId).branchId).map((check) => send(state, 'recordCheck', check));
}

export function advance(state: BatchState): EventDraft[] {
  const step = nextStep(state);
  if (step.kind !== 'stage') throw new Error(`expected a stage change, got ${JSON.stringify(step)}`);
  return changeStage(state, step.to);
}
