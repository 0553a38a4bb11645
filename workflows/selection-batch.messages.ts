import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CommandMessages } from './messaging';
import type {
  AppointInput,
  BatchState,
  CancelInput,
  CommandName,
  CommandResult,
  DecisionInput,
  DisqualifyInput,
  ExtendPublicityInput,
  HoldInput,
  LiftHoldInput,
  ObjectionInput,
  RecordCheckInput,
  ResolveObjectionInput,
  SignalEnvelope,
  WithdrawInput,
} from '../domain/selection';

export const stateQuery = defineQuery<BatchState>('state');

// Signals: the operators' contract (Temporal UI "Send signal", `temporal workflow signal`), plain JSON payloads.
// The sender declares who acts in `actor`; an invalid signal is recorded as rejected in the audit trail.
export const vettingResultSignal = defineSignal<[SignalEnvelope<RecordCheckInput>]>('vettingResult');
export const partyBranchOpinionSignal =
  defineSignal<[SignalEnvelope<Omit<RecordCheckInput, 'kind'>>]>('partyBranchOpinion');
export const disciplineOpinionSignal =
  defineSignal<[SignalEnvelope<Omit<RecordCheckInput, 'kind'>>]>('disciplineOpinion');
export const partyGroupDecisionSignal = defineSignal<[SignalEnvelope<DecisionInput>]>('partyGroupDecision');
export const objectionSignal = defineSignal<[SignalEnvelope<ObjectionInput>]>('objection');
export const objectionResolutionSignal = defineSignal<[SignalEnvelope<ResolveObjectionInput>]>('objectionResolution');
export const withdrawSignal = defineSignal<[SignalEnvelope<WithdrawInput>]>('withdraw');
export const disqualifySignal = defineSignal<[SignalEnvelope<DisqualifyInput>]>('disqualify');
export const holdSignal = defineSignal<[SignalEnvelope<HoldInput>]>('hold');
export const liftHoldSignal = defineSignal<[SignalEnvelope<LiftHoldInput>]>('liftHold');
export const appointSignal = defineSignal<[SignalEnvelope<AppointInput>]>('appoint');
export const extendPublicitySignal = defineSignal<[SignalEnvelope<ExtendPublicityInput>]>('extendPublicity');
export const cancelSignal = defineSignal<[SignalEnvelope<CancelInput>]>('cancel');
export { calendarUpdatedSignal } from './batch.messages';

// Updates: back the API. Validators refuse synchronously (nothing reaches history); the handler returns
// once the fact is persisted, so a read right after the call sees it.
export const recordCheckUpdate = defineUpdate<CommandResult, [SignalEnvelope<RecordCheckInput>]>('recordCheck');
export const recordDecisionUpdate = defineUpdate<CommandResult, [SignalEnvelope<DecisionInput>]>('recordDecision');
export const fileObjectionUpdate = defineUpdate<CommandResult, [SignalEnvelope<ObjectionInput>]>('fileObjection');
export const resolveObjectionUpdate = defineUpdate<CommandResult, [SignalEnvelope<ResolveObjectionInput>]>(
  'resolveObjection',
);
export const withdrawUpdate = defineUpdate<CommandResult, [SignalEnvelope<WithdrawInput>]>('withdrawCandidate');
export const disqualifyUpdate = defineUpdate<CommandResult, [SignalEnvelope<DisqualifyInput>]>('disqualifyCandidate');
export const placeHoldUpdate = defineUpdate<CommandResult, [SignalEnvelope<HoldInput>]>('placeHold');
export const liftHoldUpdate = defineUpdate<CommandResult, [SignalEnvelope<LiftHoldInput>]>('liftHold');
export const appointUpdate = defineUpdate<CommandResult, [SignalEnvelope<AppointInput>]>('appoint');
export const extendPublicityUpdate = defineUpdate<CommandResult, [SignalEnvelope<ExtendPublicityInput>]>(
  'extendPublicity',
);
export const cancelUpdate = defineUpdate<CommandResult, [SignalEnvelope<CancelInput>]>('cancelBatch');

/** Each command with its update and signals (some signals preset a field). */
export const commandMessages: CommandMessages<CommandName> = [
  {
    name: 'recordCheck',
    update: recordCheckUpdate,
    signals: [
      { def: vettingResultSignal },
      { def: partyBranchOpinionSignal, defaults: { kind: 'BRANCH_OPINION' } },
      { def: disciplineOpinionSignal, defaults: { kind: 'DISCIPLINE_OPINION' } },
    ],
  },
  { name: 'recordDecision', update: recordDecisionUpdate, signals: [{ def: partyGroupDecisionSignal }] },
  { name: 'fileObjection', update: fileObjectionUpdate, signals: [{ def: objectionSignal }] },
  { name: 'resolveObjection', update: resolveObjectionUpdate, signals: [{ def: objectionResolutionSignal }] },
  { name: 'withdraw', update: withdrawUpdate, signals: [{ def: withdrawSignal }] },
  { name: 'disqualify', update: disqualifyUpdate, signals: [{ def: disqualifySignal }] },
  { name: 'placeHold', update: placeHoldUpdate, signals: [{ def: holdSignal }] },
  { name: 'liftHold', update: liftHoldUpdate, signals: [{ def: liftHoldSignal }] },
  { name: 'appoint', update: appointUpdate, signals: [{ def: appointSignal }] },
  { name: 'extendPublicity', update: extendPublicityUpdate, signals: [{ def: extendPublicitySignal }] },
  { name: 'cancel', update: cancelUpdate, signals: [{ def: cancelSignal }] },
];
