import { and, eq, sql } from 'drizzle-orm';
import type { BatchEvent } from '../domain/events';
import type { BatchStartedPayload } from '../domain/selection';
import type { Db } from './client';
import { chainHash, GENESIS_HASH } from './audit';
import { auditEventsTable, batchesTable, candidatesTable, positionsTable } from './schema';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export class OutOfOrderEventError extends Error {
  override name = 'OutOfOrderEventError';
}

/**
 * Appends one event to the audit chain and applies it to the read model, in one transaction.
 * Keyed by (batchId, seq): a retried call finds the row and changes nothing.
 */
export async function applyEvent(db: Db, batchId: string, event: BatchEvent): Promise<'applied' | 'duplicate'> {
  return db.transaction(async (tx) => {
    // Serialises writers of one batch, so the chain never forks.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${batchId}))`);
    const [existing] = await tx
      .select({ seq: auditEventsTable.seq })
      .from(auditEventsTable)
      .where(and(eq(auditEventsTable.batchId, batchId), eq(auditEventsTable.seq, event.seq)));
    if (existing) return 'duplicate';
    const prevHash = event.seq === 1 ? GENESIS_HASH : await previousHash(tx, batchId, event.seq);
    const record = {
      batchId,
      seq: event.seq,
      type: event.type,
      actorId: event.actor.id,
      actorRole: event.actor.role,
      at: new Date(event.at),
      rejected: event.rejected ?? false,
      payload: event.payload ?? {},
    };
    if (!record.rejected) await project(tx, batchId, event);
    await tx.insert(auditEventsTable).values({ ...record, prevHash, hash: chainHash(prevHash, record) });
    if (event.type !== 'BATCH_STARTED') {
      await tx
        .update(batchesTable)
        .set({ lastSeq: event.seq, updatedAt: new Date(event.at) })
        .where(eq(batchesTable.id, batchId));
    }
    return 'applied';
  });
}

async function previousHash(tx: Tx, batchId: string, seq: number): Promise<string> {
  const [prev] = await tx
    .select({ hash: auditEventsTable.hash })
    .from(auditEventsTable)
    .where(and(eq(auditEventsTable.batchId, batchId), eq(auditEventsTable.seq, seq - 1)));
  // Retryable: the workflow persists in order, so the previous event is on its way.
  if (!prev) throw new OutOfOrderEventError(`event ${seq} of batch ${batchId} arrived before event ${seq - 1}`);
  return prev.hash;
}

async function project(tx: Tx, batchId: string, event: BatchEvent) {
  switch (event.type) {
    case 'BATCH_STARTED': {
      const { plan, ruleset, kind, workflowId } = event.payload as BatchStartedPayload;
      await tx.insert(batchesTable).values({
        id: batchId,
        kind,
        title: plan.title,
        year: plan.year,
        orgUnit: plan.orgUnit,
        stage: 'INSPECTING',
        workflowId,
        ruleset,
        plan,
        createdBy: event.actor.id,
        createdAt: new Date(event.at),
        updatedAt: new Date(event.at),
        lastSeq: event.seq,
      });
      await tx.insert(positionsTable).values(plan.positions.map((p) => ({ batchId, ...p })));
      await tx.insert(candidatesTable).values(
        plan.candidates.map((c) => ({
          batchId,
          personId: c.personId,
          name: c.name,
          branchId: c.branchId,
          positionId: c.positionId,
          state: 'UNDER_INSPECTION',
          updatedAt: new Date(event.at),
        })),
      );
      return;
    }
    default:
      return;
  }
}
