import { z } from 'zod';
import { partyGroupDecisionSchema } from '../decision';
import type { RoleSignals } from '../events';
import { roles, type Actor } from '../roles';
import { nulPath } from '../text';
import { issues, refuse, type Refusal } from './refusal';

// The same schemas validate API bodies and signal payloads.

export const idSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, ".", "_" or "-"');
export const reasonSchema = z.string().trim().min(1).max(4000);
export const isoDateSchema = z.iso.date();

export const actorSchema = z.strictObject({
  id: z.string().min(1).max(128),
  name: z.string().max(100).optional(),
  roles: z.array(z.enum(roles)).max(7),
  branchId: z.string().min(1).max(64).optional(),
  memberId: z.string().min(1).max(64).optional(),
  personId: z.string().min(1).max(64).optional(),
});

/** The commands every batch kind takes, whatever its front half and its end. */
export const sharedCommandSchemas = {
  recordDecision: partyGroupDecisionSchema,
  fileObjection: z.strictObject({
    objectionId: idSchema.optional(),
    personId: idSchema,
    content: z.string().trim().min(1).max(8000),
    reporterName: z.string().trim().min(1).max(100).optional(),
    reporterContact: z.string().trim().min(1).max(200).optional(),
  }),
  resolveObjection: z.strictObject({
    objectionId: idSchema,
    resolution: z.enum(['unfounded', 'minor', 'upheld', 'unverifiable']),
    note: reasonSchema,
    feedback: z.string().trim().min(1).max(4000).optional(),
  }),
  withdraw: z.strictObject({
    personId: idSchema,
    reason: reasonSchema,
    initiator: z.enum(['CANDIDATE', 'ORG_HEAD']).default('ORG_HEAD'),
  }),
  disqualify: z.strictObject({ personId: idSchema, reason: reasonSchema }),
  placeHold: z.strictObject({ holdId: idSchema.optional(), personId: idSchema.optional(), reason: reasonSchema }),
  liftHold: z.strictObject({ holdId: idSchema, reason: reasonSchema.optional() }),
  extendPublicity: z.strictObject({ workingDays: z.number().int().min(6).max(60), reason: reasonSchema }),
  cancel: z.strictObject({ reason: reasonSchema }),
} as const;

type Shared = typeof sharedCommandSchemas;
export type ObjectionInput = z.output<Shared['fileObjection']>;
export type ResolveObjectionInput = z.output<Shared['resolveObjection']>;
export type WithdrawInput = z.output<Shared['withdraw']>;
export type DisqualifyInput = z.output<Shared['disqualify']>;
export type HoldInput = z.output<Shared['placeHold']>;
export type LiftHoldInput = z.output<Shared['liftHold']>;
export type ExtendPublicityInput = z.output<Shared['extendPublicity']>;
export type CancelInput = z.output<Shared['cancel']>;

/**
 * Every message carries who acts. The API fills `actor` from the token; an operator sending a signal from the
 * Temporal UI or CLI declares it (Temporal's own access control decides who may signal). An absent actor or empty
 * roles is the public (objections only). `requestId` makes a redelivered message a no-op.
 */
export type SignalEnvelope<T> = T & { actor?: Actor; requestId?: string };

export type CommandResult = { seq: number; objectionId?: string; holdId?: string };

/**
 * What a command is checked and applied against besides the batch: the time, and the corrections made while batches
 * were running. The workflow passes its own (deterministic) time and, for each correction, `patched(<name>)`: a batch
 * that started before a correction keeps the behaviour it started with. An absent correction applies.
 */
export interface CommandContext {
  /** ISO 8601 instant; "today" is its date in Asia/Shanghai. */
  now: string;
  /** Patch `meeting-dates-bounded`: a meeting may not be dated after today nor before its candidates were ready. */
  boundDates?: boolean;
  /** Patch `suspension-from-open-objections`: a candidate's 暂缓 follows all their unresolved objections. */
  deriveSuspension?: boolean;
}

/**
 * Under ROLE_SIGNALS=refuse a signal may only carry what the public may do (an objection, no roles); any other
 * signal is refused before its content is looked at, so the refusal never depends on a declared identity.
 */
export function signalChannelRefusal(
  policy: RoleSignals | undefined,
  command: string,
  declaredActor: unknown,
): Refusal | undefined {
  if (policy !== 'refuse') return undefined;
  const roles = (declaredActor as { roles?: unknown } | undefined)?.roles;
  const publicObjection =
    command === 'fileObjection' &&
    (declaredActor === undefined || roles === undefined || (Array.isArray(roles) && roles.length === 0));
  if (publicObjection) return undefined;
  return refuse(
    'channel.disabled',
    'this deployment takes role-bearing steps only through the API (ROLE_SIGNALS=refuse); by signal only public objections and calendarUpdated',
  );
}

/** The declared actor of a signal, if it is a valid one (for the audit trail of a refused signal). */
export function declaredActor(raw: unknown): Actor | undefined {
  const parsed = actorSchema.safeParse(raw);
  return parsed.success ? (parsed.data as Actor) : undefined;
}

export type Parsed<I> = { ok: true; input: I; actor: Actor | undefined } | { ok: false; refusal: Refusal };

/** Takes a message apart: its text, its actor and its body against the command's schema. */
export function parseMessage<I>(schema: z.ZodType<I, unknown>, raw: unknown): Parsed<I> {
  const nul = nulPath(raw);
  if (nul !== undefined)
    return {
      ok: false,
      refusal: refuse('message.invalid', 'text may not contain U+0000', [{ path: nul, message: 'contains U+0000' }]),
    };
  const envelope = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const { actor: rawActor, requestId: _requestId, ...body } = envelope;
  const actorParsed = rawActor === undefined ? undefined : actorSchema.safeParse(rawActor);
  if (actorParsed && !actorParsed.success)
    return { ok: false, refusal: refuse('message.invalid', 'actor is not valid', issues(actorParsed.error, 'actor')) };
  const parsed = schema.safeParse(body);
  if (!parsed.success)
    return { ok: false, refusal: refuse('message.invalid', 'the message is not valid', issues(parsed.error)) };
  return { ok: true, input: parsed.data, actor: actorParsed?.data as Actor | undefined };
}
