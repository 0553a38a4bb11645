import type { BatchPlan } from '../domain/batch';
import type { StoredRuleset } from '../domain/ruleset';
import type { Db } from './client';
import { insertBatchPlan, type Stamp } from './projection';
import { insertRankBatchPlan, type RankBatchPlanned } from './rank.projection';

/** The read model of a batch that has just started, before its workflow has recorded anything. */
export type PlannedBatch =
  { kind: 'SELECTION'; workflowId: string; plan: BatchPlan; ruleset: StoredRuleset } | RankBatchPlanned;

export function createBatchPlansRepository({ db }: { db: Db }) {
  return {
    /**
     * Writes a new batch's rows in one transaction, the same rows its workflow's first event writes (whichever comes
     * first stays), so the batch can be read as soon as it has started.
     */
    async insert(planned: PlannedBatch, stamp: Stamp): Promise<void> {
      await db.transaction((tx) =>
        planned.kind === 'RANK_PROMOTION'
          ? insertRankBatchPlan(tx, { ...planned, ...stamp })
          : insertBatchPlan(tx, { ...planned, ...stamp }),
      );
    },
  };
}
