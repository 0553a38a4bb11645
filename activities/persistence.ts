import type { Db } from '../db/client';
import { applyEvent } from '../db/projection';
import type { BatchEvent } from '../domain/events';

export function createPersistenceActivities({ db }: { db: Db }) {
  return {
    /** Idempotent: each event is keyed by (batchId, seq); a retry skips what is already written. */
    async persistEvents({ batchId, events }: { batchId: string; events: BatchEvent[] }) {
      let applied = 0;
      for (const event of events) if ((await applyEvent(db, batchId, event)) === 'applied') applied++;
      return { applied };
    },
  };
}
