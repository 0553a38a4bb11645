import { and, asc, desc, eq, lt, or, type SQL } from 'drizzle-orm';
import type { Db } from './client';
import { verifyChain } from './audit';
import { auditEventsTable, batchesTable, candidatesTable, positionsTable } from './schema';

export interface BatchListFilter {
  stage?: string;
  kind?: string;
  year?: number;
  orgUnit?: string;
  cursor?: { createdAt: Date; id: string };
  limit: number;
}

export function createBatchesRepository({ db }: { db: Db }) {
  return {
    async get(id: string) {
      const [batch] = await db.select().from(batchesTable).where(eq(batchesTable.id, id));
      if (!batch) return undefined;
      const [positions, candidates] = await Promise.all([
        db.select().from(positionsTable).where(eq(positionsTable.batchId, id)).orderBy(asc(positionsTable.id)),
        db.select().from(candidatesTable).where(eq(candidatesTable.batchId, id)).orderBy(asc(candidatesTable.personId)),
      ]);
      const { plan: _plan, ...row } = batch;
      return {
        ...row,
        positions: positions.map(({ batchId: _b, ...p }) => p),
        candidates: candidates.map(({ batchId: _b, ...c }) => c),
      };
    },

    async exists(id: string) {
      const rows = await db.select({ id: batchesTable.id }).from(batchesTable).where(eq(batchesTable.id, id));
      return rows.length > 0;
    },

    /** Newest first, keyset-paginated on (created_at, id) so pages stay stable while batches are added. */
    async list({ stage, kind, year, orgUnit, cursor, limit }: BatchListFilter) {
      const where: SQL[] = [];
      if (stage) where.push(eq(batchesTable.stage, stage));
      if (kind) where.push(eq(batchesTable.kind, kind));
      if (year) where.push(eq(batchesTable.year, year));
      if (orgUnit) where.push(eq(batchesTable.orgUnit, orgUnit));
      if (cursor) {
        where.push(
          or(
            lt(batchesTable.createdAt, cursor.createdAt),
            and(eq(batchesTable.createdAt, cursor.createdAt), lt(batchesTable.id, cursor.id)),
          )!,
        );
      }
      const rows = await db
        .select({
          id: batchesTable.id,
          kind: batchesTable.kind,
          title: batchesTable.title,
          year: batchesTable.year,
          orgUnit: batchesTable.orgUnit,
          stage: batchesTable.stage,
          workflowId: batchesTable.workflowId,
          createdAt: batchesTable.createdAt,
          updatedAt: batchesTable.updatedAt,
        })
        .from(batchesTable)
        .where(and(...where))
        .orderBy(desc(batchesTable.createdAt), desc(batchesTable.id))
        .limit(limit + 1);
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        items: page,
        next: rows.length > limit && last ? { createdAt: last.createdAt, id: last.id } : undefined,
      };
    },

    async audit(id: string) {
      const rows = await db
        .select()
        .from(auditEventsTable)
        .where(eq(auditEventsTable.batchId, id))
        .orderBy(asc(auditEventsTable.seq));
      return { chain: verifyChain(rows), events: rows };
    },
  };
}

export type BatchesRepository = ReturnType<typeof createBatchesRepository>;
