import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditRecord {
  batchId: string;
  seq: number;
  type: string;
  actorId: string;
  actorRole: string;
  /** API, SIGNAL or SYSTEM (domain/events.ts Channel); null on rows recorded before channels were. */
  actorChannel?: string | null;
  at: string | Date;
  rejected: boolean;
  payload: unknown;
}

/** sha256(prev_hash || canonical event): any edit, insertion or deletion breaks every later link. */
export function chainHash(prevHash: string, r: AuditRecord): string {
  const canonical = canonicalJson({
    batchId: r.batchId,
    seq: r.seq,
    type: r.type,
    actorId: r.actorId,
    actorRole: r.actorRole,
    // Left out when absent, so rows recorded before channels keep their hashes.
    actorChannel: r.actorChannel ?? undefined,
    at: new Date(r.at).toISOString(),
    rejected: r.rejected,
    payload: r.payload,
  });
  return createHash('sha256').update(prevHash).update(canonical).digest('hex');
}

/** JSON with object keys sorted at every level, so jsonb's own key order never changes a hash. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export interface ChainVerification {
  verified: boolean;
  length: number;
  /** First sequence number whose hash does not match, if any. */
  brokenAt?: number;
}

export function verifyChain(rows: (AuditRecord & { prevHash: string; hash: string })[]): ChainVerification {
  let prev = GENESIS_HASH;
  for (const [i, row] of rows.entries()) {
    if (row.seq !== i + 1 || row.prevHash !== prev || chainHash(prev, row) !== row.hash) {
      return { verified: false, length: rows.length, brokenAt: row.seq };
    }
    prev = row.hash;
  }
  return { verified: true, length: rows.length };
}
