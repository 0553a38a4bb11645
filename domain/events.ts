import type { Role } from './roles';

/** Who did it: taken from the token (API) or the signal's declared actor (Temporal UI / CLI). */
export interface ActorRef {
  id: string;
  role: Role | 'PUBLIC' | 'SYSTEM';
}

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
