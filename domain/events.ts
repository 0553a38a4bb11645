import type { Role } from './roles';

/**
 * The channel a fact came through. `API`: an update the API sent for a verified bearer token (the actor is the
 * token's subject). `SIGNAL`: a Temporal signal (Temporal UI, `temporal workflow signal`): the actor is what the
 * sender declared, unverified. `SYSTEM`: the workflow itself (timers, notices, stage changes).
 */
export const channels = ['API', 'SIGNAL', 'SYSTEM'] as const;
export type Channel = (typeof channels)[number];

/** Who did it, and through which channel. */
export interface ActorRef {
  id: string;
  role: Role | 'PUBLIC' | 'SYSTEM';
  /** Absent on facts recorded before channels were (and on a batch started without the API, e.g. from the CLI). */
  channel?: Channel;
}

/**
 * Whether a deployment takes role-bearing steps by signal (ROLE_SIGNALS): `accept` (signals act like the API, with a
 * declared actor) or `refuse` (every human step goes through the API; signals stay open to public objections and
 * `calendarUpdated`). A batch keeps the value it was started with (its workflow input), for its whole life.
 */
export const roleSignalPolicies = ['accept', 'refuse'] as const;
export type RoleSignals = (typeof roleSignalPolicies)[number];

/**
 * One fact in a batch's life. `seq` is assigned by the workflow; the read model and the audit trail are keyed
 * by (batchId, seq), so a retried persistence activity never writes a fact twice.
 */
export interface BatchEvent<T extends string = string, P = unknown> {
  seq: number;
  type: T;
  actor: ActorRef;
  at: string;
  /** A signal that failed validation: recorded for the audit trail, not applied. */
  rejected?: boolean;
  payload: P;
}
