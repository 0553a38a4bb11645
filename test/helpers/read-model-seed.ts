import type { Db } from '../../db/client';
import {
  appointmentsTable,
  batchesTable,
  candidatesTable,
  decisionsTable,
  holdsTable,
  meetingsTable,
  objectionResolutionsTable,
  objectionsTable,
  probationsTable,
  rankChangesTable,
  trainingParticipantsTable,
  trainingSessionsTable,
  vettingChecksTable,
} from '../../db/schema';

/** Read-model tables a test may fill directly, in the order their references need. */
const tables = {
  batches: batchesTable,
  candidates: candidatesTable,
  appointments: appointmentsTable,
  rankChanges: rankChangesTable,
  vettingChecks: vettingChecksTable,
  holds: holdsTable,
  objections: objectionsTable,
  objectionResolutions: objectionResolutionsTable,
  meetings: meetingsTable,
  decisions: decisionsTable,
  probations: probationsTable,
  trainingSessions: trainingSessionsTable,
  trainingParticipants: trainingParticipantsTable,
};

export type ReadModelSeed = { [K in keyof typeof tables]?: (typeof tables)[K]['$inferInsert'][] };

/** Inserts rows keyed by table, as the projectors would have written them. */
export async function seedReadModel(db: Db, seed: ReadModelSeed) {
  for (const [name, table] of Object.entries(tables) as [keyof typeof tables, (typeof tables)[keyof typeof tables]][]) {
    const rows = seed[name];
    if (rows && rows.length > 0) await db.insert(table).values(rows as never);
  }
}
