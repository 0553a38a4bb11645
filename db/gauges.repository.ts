import { count, ne, notInArray } from 'drizzle-orm';
import type { Db } from './client';
import { batchesTable, objectionsTable } from './schema';

/** Counts of the current state, for the worker's domain gauges (runtime/domain-gauges.ts). */
export function createGaugesRepository({ db }: { db: Db }) {
  return {
    /** Objections not yet resolved: open, or suspended (暂缓). */
    async openObjections(): Promise<number> {
      const [row] = await db.select({ n: count() }).from(objectionsTable).where(ne(objectionsTable.status, 'RESOLVED'));
      return row?.n ?? 0;
    },

    /** Batches neither closed nor cancelled, by stage; a stage without any is absent. */
    async openBatchesByStage(): Promise<Map<string, number>> {
      const rows = await db
        .select({ stage: batchesTable.stage, n: count() })
        .from(batchesTable)
        .where(notInArray(batchesTable.stage, ['CLOSED', 'CANCELLED']))
        .groupBy(batchesTable.stage);
      return new Map(rows.map((r) => [r.stage, r.n]));
    },
  };
}
