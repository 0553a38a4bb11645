import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { RankCommandName } from '../domain/rank-promotion';
import type {
  CancelInput,
  CommandName,
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
import type { CommandMessage, CommandMessages } from './messaging';

// The steps every kind of batch takes, with the same messages (wire names and payloads), so an operator signals any
// batch alike. Signals: the operators' contract (Temporal UI "Send signal", `temporal workflow signal`), plain JSON;
// the sender declares who acts in `actor`, and an invalid signal is recorded as rejected in the audit trail.
export const partyGroupDecisionSignal = defineSignal<[SignalEnvelope<DecisionInput>]>('partyGroupDecision');
export const objectionSignal = defineSignal<[SignalEnvelope<ObjectionInput>]>('objection');
export const objectionResolutionSignal = defineSignal<[SignalEnvelope<ResolveObjectionInput>]>('objectionResolution');
export const withdrawSignal = defineSignal<[SignalEnvelope<WithdrawInput>]>('withdraw');
export const disqualifySignal = defineSignal<[SignalEnvelope<DisqualifyInput>]>('disqualify');
export const holdSignal = defineSignal<[SignalEnvelope<HoldInput>]>('hold');
export const liftHoldSignal = defineSignal<[SignalEnvelope<LiftHoldInput>]>('liftHold');
export const extendPublicitySignal = defineSignal<[SignalEnvelope<ExtendPublicityInput>]>('extendPublicity');
export const cancelSignal = defineSignal<[SignalEnvelope<CancelInput>]>('cancel');
/** Sent by PUT /calendar/years/:year to batches waiting for that year's schedule (or by an operator). */
export const calendarUpdatedSignal = defineSignal<[{ year: number }]>('calendarUpdated');

// Updates: back the API. Validators refuse synchronously (nothing reaches history); the handler returns
// once the fact is persisted, so a read right after the call sees it.
export const recordDecisionUpdate = defineUpdate<CommandResult, [SignalEnvelope<DecisionInput>]>('recordDecision');
export const fileObjectionUpdate = defineUpdate<CommandResult, [SignalEnvelope<ObjectionInput>]>('fileObjection');
export const resolveObjectionUpdate = defineUpdate<CommandResult, [SignalEnvelope<ResolveObjectionInput>]>(
  'resolveObjection',
);
export const withdrawUpdate = defineUpdate<CommandResult, [SignalEnvelope<WithdrawInput>]>('withdrawCandidate');
export const disqualifyUpdate = defineUpdate<CommandResult, [SignalEnvelope<DisqualifyInput>]>('disqualifyCandidate');
export const placeHoldUpdate = defineUpdate<CommandResult, [SignalEnvelope<HoldInput>]>('placeHold');
export const liftHoldUpdate = defineUpdate<CommandResult, [SignalEnvelope<LiftHoldInput>]>('liftHold');
export const extendPublicityUpdate = defineUpdate<CommandResult, [SignalEnvelope<ExtendPublicityInput>]>(
  'extendPublicity',
);
export const cancelUpdate = defineUpdate<CommandResult, [SignalEnvelope<CancelInput>]>('cancelBatch');

/** Each shared command with its update and signal. */
export const sharedCommandMessages: CommandMessages<CommandName & RankCommandName> = [
  { name: 'recordDecision', update: recordDecisionUpdate, signals: [{ def: partyGroupDecisionSignal }] },
  { name: 'fileObjection', update: fileObjectionUpdate, signals: [{ def: objectionSignal }] },
  { name: 'resolveObjection', update: resolveObjectionUpdate, signals: [{ def: objectionResolutionSignal }] },
  { name: 'withdraw', update: withdrawUpdate, signals: [{ def: withdrawSignal }] },
  { name: 'disqualify', update: disqualifyUpdate, signals: [{ def: disqualifySignal }] },
  { name: 'placeHold', update: placeHoldUpdate, signals: [{ def: holdSignal }] },
  { name: 'liftHold', update: liftHoldUpdate, signals: [{ def: liftHoldSignal }] },
  { name: 'extendPublicity', update: extendPublicityUpdate, signals: [{ def: extendPublicitySignal }] },
  { name: 'cancel', update: cancelUpdate, signals: [{ def: cancelSignal }] },
];

/** A kind's state query (the same name for every kind). */
export const defineStateQuery = <S>() => defineQuery<S>('state');

/**
 * The vetting messages of a kind whose check input is `C`: one update, and a signal per kind of check (the opinions'
 * signals preset their kind); `recordCheck` is its command-table row.
 */
export function defineCheckMessages<C>() {
  const vettingResultSignal = defineSignal<[SignalEnvelope<C>]>('vettingResult');
  const partyBranchOpinionSignal = defineSignal<[SignalEnvelope<Omit<C, 'kind'>>]>('partyBranchOpinion');
  const disciplineOpinionSignal = defineSignal<[SignalEnvelope<Omit<C, 'kind'>>]>('disciplineOpinion');
  const recordCheckUpdate = defineUpdate<CommandResult, [SignalEnvelope<C>]>('recordCheck');
  const recordCheck: CommandMessage<'recordCheck'> = {
    name: 'recordCheck',
    update: recordCheckUpdate,
    signals: [
      { def: vettingResultSignal },
      { def: partyBranchOpinionSignal, defaults: { kind: 'BRANCH_OPINION' } },
      { def: disciplineOpinionSignal, defaults: { kind: 'DISCIPLINE_OPINION' } },
    ],
  };
  return { vettingResultSignal, partyBranchOpinionSignal, disciplineOpinionSignal, recordCheckUpdate, recordCheck };
}
