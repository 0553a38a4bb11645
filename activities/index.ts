import type { Db } from '../db/client';
import { createPersistenceActivities } from './persistence';

export function createActivities({ db }: { db: Db }) {
  return {
    ...createPersistenceActivities({ db }),
  };
}
