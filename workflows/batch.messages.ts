import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CommandTable } from '../domain/commands/row';
import { selectionCommands } from '../domain/commands/selection';
import type {
  CancelInput,
  CommandResult,
  DecisionInput,
  DisqualifyInput,
  ExtendPublicityInput,
  HoldInput,
  LiftHoldInput,
  ObjectionInput,
  ResolveObjectionInput,
  SignalEnvelope,
  WithdrawInput,
} from '../domain/selection';

/**
 * Typed definitions of a command table's messages, for those who send them (the API, tests, scripts): the wire names
 * are the table's (domain/commands), which the workflow binds its handlers from.
 */
export function wireOf<N extends string>(table: CommandTable<N>) {
  const row = (name: N) => {
    const found = table.find((r) => r.name === name);
    if (!found) throw new Error(`no command ${name} in the table`);
    return found;
  };
  return {
    update: <T>(name: N) => defineUpdate<CommandResult, [SignalEnvelope<T>]>(row(name).update),
    /** The command's signal at `index`, in the row's order. */
    signal: <T>(name: N, index = 0) => defineSignal<[SignalEnvelope<T>]>(row(name).signals[index]!.name),
  };
}
type Wire<N extends string> = ReturnType<typeof wireOf<N>>;

// The steps every kind of batch takes have the same wire names in every kind (domain/commands/procedure.ts), so an
// operator signals any batch alike. Signals: the operators' contract (Temporal UI "Send signal", `temporal workflow
// signal`), plain JSON; the sender declares who acts in `actor`, and an invalid signal is recorded as rejected.
// Updates back the API: validators refuse synchronously (nothing reaches history); the handler returns once the fact
// is persisted, so a read right after the call sees it.
const shared = wireOf(selectionCommands);
export const partyGroupDecisionSignal = shared.signal<DecisionInput>('recordDecision');
export const recordDecisionUpdate = shared.update<DecisionInput>('recordDecision');
export const objectionSignal = shared.signal<ObjectionInput>('fileObjection');
export const fileObjectionUpdate = shared.update<ObjectionInput>('fileObjection');
export const objectionResolutionSignal = shared.signal<ResolveObjectionInput>('resolveObjection');
export const resolveObjectionUpdate = shared.update<ResolveObjectionInput>('resolveObjection');
export const withdrawSignal = shared.signal<WithdrawInput>('withdraw');
export const withdrawUpdate = shared.update<WithdrawInput>('withdraw');
export const disqualifySignal = shared.signal<DisqualifyInput>('disqualify');
export const disqualifyUpdate = shared.update<DisqualifyInput>('disqualify');
export const holdSignal = shared.signal<HoldInput>('placeHold');
export const placeHoldUpdate = shared.update<HoldInput>('placeHold');
export const liftHoldSignal = shared.signal<LiftHoldInput>('liftHold');
export const liftHoldUpdate = shared.update<LiftHoldInput>('liftHold');
export const extendPublicitySignal = shared.signal<ExtendPublicityInput>('extendPublicity');
export const extendPublicityUpdate = shared.update<ExtendPublicityInput>('extendPublicity');
export const cancelSignal = shared.signal<CancelInput>('cancel');
export const cancelUpdate = shared.update<CancelInput>('cancel');
/** Sent by PUT /calendar/years/:year to batches waiting for that year's schedule (or by an operator). */
export const calendarUpdatedSignal = defineSignal<[{ year: number }]>('calendarUpdated');

/** A kind's state query (the same name for every kind). */
export const defineStateQuery = <S>() => defineQuery<S>('state');

/** The vetting messages of a kind whose check input is `C`: one update, and a signal per kind of check. */
export function defineCheckMessages<C>(wire: Wire<'recordCheck'>) {
  return {
    recordCheckUpdate: wire.update<C>('recordCheck'),
    vettingResultSignal: wire.signal<C>('recordCheck', 0),
    // The opinions' signals imply their kind (the row's defaults).
    partyBranchOpinionSignal: wire.signal<Omit<C, 'kind'>>('recordCheck', 1),
    disciplineOpinionSignal: wire.signal<Omit<C, 'kind'>>('recordCheck', 2),
  };
}
