import type { QueryDefinition } from '@temporalio/common';
import type { CommandTable } from '../domain/commands/row';
import type { ActorRef, RoleSignals } from '../domain/events';
import type { Actor, Role } from '../domain/roles';
import type { KindStages } from '../domain/procedure/stages';
import type { ProcedureState } from '../domain/procedure/state';
import type { CommandContext, Effect, EventDraft } from '../domain/selection';
import type { Checked } from './messaging';

/** A batch's state as the engine runs it: the procedure's, and the opinions' deadline it may show there. */
export type EngineState = ProcedureState & { opinionsDueOn?: string };

/** What a batch's run hands to the next one when its history grows long: the state and its watchers' progress. */
export interface BatchCarry<S> {
  state: S;
  /** The day the opinions were requested (the first run's start). */
  opinionsRequestedOn: string;
  opinionsReminded: boolean;
  /** The deadline being waited for, not yet escalated. */
  opinionsDue?: { end: string; endsAt: string };
  /** `personId@suspendedUntil` of the suspensions whose expiry has been notified. */
  suspensionsNotified: string[];
}

/** The part of a batch workflow's input the engine reads. */
export interface EngineInput<S> {
  roleSignals?: RoleSignals;
  carry?: BatchCarry<S>;
  /** A run continues as new once its history holds this many events (default 10,000; tests set fewer). */
  continueAsNewAfterEvents?: number;
}

/** What a kind's own step (`afterCommand`) uses of the engine running its batch. */
export interface KindEngine<S> {
  readonly state: S;
  readonly input: EngineInput<S>;
  /** Queues the events, recorded by `actor` (default: the system); returns the last one's seq. */
  emit(drafts: EventDraft[], actor?: ActorRef): number;
}

/**
 * One kind of batch as the engine runs it: its pure rules (domain/), its messages, and the steps only it takes.
 * Everything else (outbox, persistence, calendar, watchers, continue-as-new, the command binding) is the engine's.
 * Its stage machine is the procedure's, bound to the kind (`kindStages`).
 */
export interface BatchKindSpec<S extends EngineState, N extends string> extends KindStages<S> {
  stateQuery: QueryDefinition<S>;
  /** The kind's command table: each command's update and signals are bound from its row. */
  commands: CommandTable<N>;
  /** The read model's projection (persistEvents `stream`); absent: the selection batch's. */
  stream?: 'rank';
  check(state: S, name: N, raw: unknown, ctx: CommandContext): Checked;
  apply(state: S, name: N, input: unknown, actor: Actor | undefined, ctx: CommandContext): Effect;
  /** A step the kind takes after a command's events are queued (e.g. starting a probation). */
  afterCommand?(engine: KindEngine<S>, name: N, input: unknown, by: ActorRef): Promise<void> | void;
  /** Candidates whose opinions (steps) are still awaited. */
  pending(state: S): { personId: string; missing: string[] }[];
  /** The engine recomputes `waitingFor` on each change and shows the opinions' deadline in the state (rank: not). */
  showsWait: boolean;
  /** The candidates line of the workflow's current details, and the public notice's name there. */
  candidatesLine(state: S): string;
  publicityName: string;
  reminderRecipients: Role[];
}
