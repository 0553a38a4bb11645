import type { z } from 'zod';
import type { Actor } from '../roles';
import { parseMessage, type CommandContext, type Parsed } from './messages';
import type { Refusal } from './refusal';
import { attachChanges, snapshot, type Effect, type ProcedureState } from './state';

export interface Handler<St, I> {
  /** Pure and synchronous: runs in update validators and before applying a signal. */
  check(state: St, input: I, actor: Actor | undefined, ctx: CommandContext): Refusal | undefined;
  /** Mutates state; returns the events to persist. Only called after `check` passed. */
  apply(state: St, input: I, actor: Actor | undefined, ctx: CommandContext): Effect;
}

export type Handlers<St, Schemas extends Record<string, z.ZodType>> = {
  [N in keyof Schemas]: Handler<St, z.output<Schemas[N]>>;
};

/** A kind's commands: each message checked against its schema and the batch, then applied. */
export function commandRunner<St extends ProcedureState, Schemas extends Record<string, z.ZodType>>(
  schemas: Schemas,
  handlers: Handlers<St, Schemas>,
) {
  return {
    /** Validates a message against the batch; a refusal names the field or the rule. */
    check<N extends keyof Schemas>(
      state: St,
      name: N,
      raw: unknown,
      ctx: CommandContext,
    ): Parsed<z.output<Schemas[N]>> {
      const parsed = parseMessage(schemas[name] as z.ZodType<z.output<Schemas[N]>>, raw);
      if (!parsed.ok) return parsed;
      const refusal = handlers[name].check(state, parsed.input, parsed.actor, ctx);
      return refusal ? { ok: false, refusal } : parsed;
    },
    apply<N extends keyof Schemas>(
      state: St,
      name: N,
      input: z.output<Schemas[N]>,
      actor: Actor | undefined,
      ctx: CommandContext,
    ): Effect {
      const before = snapshot(state);
      const effect = handlers[name].apply(state, input, actor, ctx);
      attachChanges(state, before, effect.events);
      return effect;
    },
  };
}
