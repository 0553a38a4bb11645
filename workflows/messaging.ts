import type { SignalDefinition, UpdateDefinition } from '@temporalio/common';
import { ApplicationFailure, setHandler } from '@temporalio/workflow';
import type { ActorRef } from '../domain/events';
import {
  checkCommand,
  type BatchState,
  type CommandContext,
  type CommandName,
  type CommandResult,
  type Refusal,
} from '../domain/selection';
import type { Actor } from '../domain/roles';

export function actorRef(actor: Actor | undefined): ActorRef {
  if (!actor || actor.roles.length === 0) return { id: actor?.id ?? 'public', role: 'PUBLIC' };
  return { id: actor.id, role: actor.roles[0]! };
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
  /** The workflow's time and corrections, for each check (a validator's time is its workflow task's: deterministic). */
  context(): CommandContext;
  /** Applies a validated command; returns the result once its events are queued. */
  run(name: CommandName, input: unknown, actor: Actor | undefined): Promise<CommandResult> | CommandResult;
  reject(name: string, actor: Actor | undefined, refusal: Refusal, payload: unknown): void;
  seen(requestId: string | undefined): boolean;
  persisted(seq: number): Promise<void>;
}

/**
 * Binds one command to its signal(s) and its update. Both run the same pure validation (domain/selection.ts):
 * the update refuses synchronously, the signal records the refusal in the audit trail instead of applying it.
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
      const checked = checkCommand(w.state, name, message, w.context());
      if (!checked.ok) {
        const declared = typeof message.actor === 'object' ? (message.actor as Actor) : undefined;
        w.reject(def.name, declared, checked.refusal, message);
        return;
      }
      await w.run(name, checked.input, checked.actor);
    });
  }
  if (!update) return;
  setHandler(
    update as UpdateDefinition<CommandResult, [Record<string, unknown>]>,
    async (payload) => {
      const checked = checkCommand(w.state, name, payload, w.context());
      // State can change between validation and handling (another message first): check again.
      if (!checked.ok) throw refusalFailure(checked.refusal);
      const result = await w.run(name, checked.input, checked.actor);
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
