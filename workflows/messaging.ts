import { ApplicationFailure, defineSignal, defineUpdate, setHandler } from '@temporalio/workflow';
import type { CommandRow } from '../domain/commands/row';
import type { ActorRef, Channel, RoleSignals } from '../domain/events';
import type { Parsed } from '../domain/procedure/messages';
import { declaredActor, signalChannelRefusal, type CommandResult, type Refusal } from '../domain/selection';
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

/** A message taken apart and checked against the batch: its input and actor, or the refusal. */
export type Checked = Parsed<unknown>;

/** What the binding reads of a command's row (domain/commands): its name and its wire names. */
export type CommandWire<N extends string> = Pick<CommandRow<N>, 'name' | 'update' | 'signals'>;

export interface Wiring<N extends string> {
  /** The batch's ROLE_SIGNALS (its input): `refuse` turns role-bearing signals away. */
  roleSignals: RoleSignals | undefined;
  /** The kind's pure validation, at the workflow's time (a validator's time is its workflow task's: deterministic). */
  check(name: N, raw: unknown): Checked;
  /** Applies a validated command; returns the result once its events are queued. */
  run(name: N, input: unknown, actor: Actor | undefined, channel: Channel): Promise<CommandResult> | CommandResult;
  reject(name: string, actor: Actor | undefined, refusal: Refusal, payload: unknown): void;
  seen(requestId: string | undefined): boolean;
  persisted(seq: number): Promise<void>;
}

/**
 * Binds one command to its signal(s) and its update. Both run the same pure validation (the kind's domain rules):
 * the update refuses synchronously, the signal records the refusal in the audit trail instead of applying it.
 * Updates back the API (channel API: the actor is the verified token's subject); signals come from the Temporal
 * UI / CLI (channel SIGNAL: the actor is declared by the sender).
 */
export function bindCommand<N extends string>(w: Wiring<N>, { name, update, signals }: CommandWire<N>) {
  for (const { name: signal, defaults } of signals) {
    setHandler(defineSignal<[Record<string, unknown>]>(signal), async (payload) => {
      const message = { ...payload, ...defaults };
      const requestId = typeof message.requestId === 'string' ? message.requestId : undefined;
      if (w.seen(requestId)) return;
      const closed = signalChannelRefusal(w.roleSignals, name, message.actor);
      const checked: Checked = closed ? { ok: false, refusal: closed } : w.check(name, message);
      if (!checked.ok) {
        w.reject(signal, declaredActor(message.actor), checked.refusal, message);
        return;
      }
      await w.run(name, checked.input, checked.actor, 'SIGNAL');
    });
  }
  setHandler(
    defineUpdate<CommandResult, [Record<string, unknown>]>(update),
    async (payload) => {
      const checked = w.check(name, payload);
      // State can change between validation and handling (another message first): check again.
      if (!checked.ok) throw refusalFailure(checked.refusal);
      const result = await w.run(name, checked.input, checked.actor, 'API');
      await w.persisted(result.seq);
      return result;
    },
    {
      validator: (payload) => {
        const checked = w.check(name, payload);
        if (!checked.ok) throw refusalFailure(checked.refusal);
      },
    },
  );
}
