import type { Db } from '../db/client';
import { createCalendarActivities } from './calendar';
import { createPersistenceActivities } from './persistence';

export function createActivities({ db }: { db: Db }) {
  return {
    ...createPersistenceActivities({ db }),
    ...createCalendarActivities({ db }),
  };
}
