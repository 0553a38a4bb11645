import type { BatchKind } from '../domain/batch';
import { createBatchesRepository } from '../db/batches.repository';
import type { AppDeps } from './deps';
import { problems } from './problem';

/**
 * Refuses (404) a batch of another kind: every kind's workflow is `batch-<id>`, so a message or a query meant for one
 * kind must never reach another. During a PostgreSQL outage the check is skipped: the workflow still answers.
 */
export function requireKind({ database }: Pick<AppDeps, 'database'>, kind: BatchKind) {
  const batches = createBatchesRepository({ db: database.db });
  return async (batchId: string) => {
    const found = await batches.kind(batchId).catch(() => undefined);
    if (found !== undefined && found !== kind) throw problems.notFound('batch', batchId);
  };
}
