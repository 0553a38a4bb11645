import type { Db } from '../db/client';
import { applyEvent, project } from '../db/projection';
import { projectProbation } from '../db/probation.projection';
import { projectRank } from '../db/rank.projection';
import type { BatchEvent } from '../domain/events';

export function createPersistenceActivities({ db }: { db: Db }) {
  return {
    /** Idempotent: each event is keyed by (batchId, seq); a retry skips what is already written. */
    async persistEvents({
      batchId,
      events,
      stream = 'batch',
    }: {
      batchId: string;
      events: BatchEvent[];
      stream?: 'batch' | 'probation' | 'rank';
    }) {
      const projector = stream === 'probation' ? projectProbation : stream === 'rank' ? projectRank : project;
      let applied = 0;
      for (const event of events) if ((await applyEvent(db, batchId, event, projector)) === 'applied') applied++;
      return { applied };
    },
  };
}
