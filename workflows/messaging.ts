import type { SignalDefinition, UpdateDefinition } from '@temporalio/common';
import { ApplicationFailure, setHandler } from '@temporalio/workflow';
import type { ActorRef, Channel, RoleSignals } from '../domain/events';
import {
  checkCommand,
  declaredActor,
  signalChannelRefusal,
  type BatchState,
  type CommandContext,
  type CommandName,
  type CommandResult,
  type Refusal,
} from '../domain/selection';
import type { Actor } from '../domain/roles';

/** The workflow's own facts (timers, notices, stage changes). */
export const SYSTEM: ActorRef = { id: 'xuanren', role: 'SYSTEM', channel: 'SYSTEM' };

/** Who acts, as the audit trail records it: the actor and the channel its message came through. */
export function actorRef(actor: Actor | undefined, channel: Channel): ActorRef {
  if (!actor || actor.roles.length === 0) return { id: actor?.id ?? 'public', role: 'PUBLIC', channel };
  return { id: actor.id, role: actor.roles[0]!, channel };
}

/** An update validator refuses with the rule's code as the failure type; nothing reaches history. */
export function refusalFailure(refusal: Refusal) {
  return ApplicationFailure.create({
    type: refusal.code,
    message: refusal.message,
    nonRetryable: true,
    details: [refusal],
  });
}

// Each message has its own payload type; the binding treats them alike and validates at run time.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyPayload = [any];

interface Wiring {
  state: BatchState;
  /** The batch's ROLE_SIGNALS (its input): `refuse` turns role-bearing signals away. */
  roleSignals: RoleSignals | undefined;
  /** The workflow's time and corrections, for each check (a validator's time is its workflow task's: deterministic). */
  context(): CommandContext;
  /** Applies a validated command; returns the result once its events are queued. */
  run(
    name: CommandName,
    input: unknown,
    actor: Actor | undefined,
    channel: Channel,
  ): Promise<CommandResult> | CommandResult;
  reject(name: string, actor: Actor | undefined, refusal: Refusal, payload: unknown): void;
  seen(requestId: string | undefined): boolean;
  persisted(seq: number): Promise<void>;
}

/**
 * Binds one command to its signal(s) and its update. Both run the same pure validation (domain/selection.ts):
 * the update refuses synchronously, the signal records the refusal in the audit trail instead of applying it.
 * Updates back the API (channel API: the actor is the verified token's subject); signals come from the Temporal
 * UI / CLI (channel SIGNAL: the actor is declared by the sender).
 */
export function bindCommand(
  w: Wiring,
  name: CommandName,
  update: UpdateDefinition<CommandResult, AnyPayload> | undefined,
  signals: { def: SignalDefinition<AnyPayload>; defaults?: Record<string, unknown> }[],
) {
  for (const { def, defaults } of signals) {
    setHandler(def as SignalDefinition<[Record<string, unknown>]>, async (payload) => {
      const message = { ...payload, ...defaults };
      const requestId = typeof message.requestId === 'string' ? message.requestId : undefined;
      if (w.seen(requestId)) return;
      const closed = signalChannelRefusal(w.roleSignals, name, message.actor);
      const checked = closed
        ? { ok: false as const, refusal: closed }
        : checkCommand(w.state, name, message, w.context());
      if (!checked.ok) {
        w.reject(def.name, declaredActor(message.actor), checked.refusal, message);
        return;
      }
      await w.run(name, checked.input, checked.actor, 'SIGNAL');
    });
  }
  if (!update) return;
  setHandler(
    update as UpdateDefinition<CommandResult, [Record<string, unknown>]>,
    async (payload) => {
      const checked = checkCommand(w.state, name, payload, w.context());
      // State can change between validation and handling (another message first): check again.
      if (!checked.ok) throw refusalFailure(checked.refusal);
      const result = await w.run(name, checked.input, checked.actor, 'API');
      await w.persisted(result.seq);
      return result;
    },
    {
      validator: (payload) => {
        const checked = checkCommand(w.state, name, payload, w.context());
        if (!checked.ok) throw refusalFailure(checked.refusal);
      },
    },
  );
}
