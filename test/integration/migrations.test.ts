import { readFileSync } from 'node:fs';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { connectDatabase, type Database } from '../../db/client';
import { auditEventsTable, objectionResolutionsTable, probationsTable } from '../../db/schema';
import { seedReadModel } from '../helpers/read-model-seed';
import { uniqueId } from '../helpers/stack';

const migration = readFileSync(
  new URL('../../db/migrations/0005_scaled_batches_and_report_history.sql', import.meta.url),
  'utf8',
);
/** The statements written by hand after drizzle-kit's: the backfill from the audit trail. */
const backfill = migration
  .slice(migration.indexOf('-- Written by hand'))
  .split('--> statement-breakpoint')
  .map((s) => s.trim())
  .filter(Boolean);

let database: Database;
beforeAll(() => {
  database = connectDatabase(inject('databaseUrl'), { max: 1 });
});
afterAll(async () => {
  await database?.close();
});

const audit = (batchId: string, seq: number, type: string, payload: object, at: string) => ({
  batchId,
  seq,
  type,
  actorId: 'head-wang',
  actorRole: 'ORG_HEAD',
  at: new Date(at),
  payload,
  prevHash: '-',
  hash: '-',
});

describe('migration 0005_scaled_batches_and_report_history', () => {
  describe('backfill from audit_events', () => {
    test('when resolutions and probation outcomes were recorded before their columns existed, they are recovered', async () => {
      const batchId = uniqueId('mig');
      const { db } = database;
      await seedReadModel(db, {
        probations: [{ batchId, personId: 'c1', workflowId: 'w', startsOn: '2026-01-05', endsOn: '2027-01-05' }],
      });
      await db.insert(auditEventsTable).values([
        audit(
          batchId,
          5,
          'OBJECTION_RESOLVED',
          { objectionId: 'o1', resolution: 'unverifiable', note: '待核', suspendedUntil: '2026-04-01T00:00:00.000Z' },
          '2026-01-01T02:00:00Z',
        ),
        audit(
          batchId,
          6,
          'OBJECTION_RESOLVED',
          { objectionId: 'o1', resolution: 'unfounded', note: '不属实' },
          '2026-02-01T02:00:00Z',
        ),
        {
          ...audit(
            batchId,
            7,
            'OBJECTION_RESOLVED',
            { objectionId: 'o2', resolution: 'upheld', note: '伪' },
            '2026-02-02T02:00:00Z',
          ),
          rejected: true,
        },
        audit(
          `probation:${batchId}:c1`,
          2,
          'PROBATION_CONCLUDED',
          { batchId, personId: 'c1', outcome: 'CONFIRMED', decidedOn: '2026-12-28' },
          '2027-01-04T02:00:00Z',
        ),
      ]);

      for (const statement of backfill) await database.sql.unsafe(statement);
      // Run twice, as a re-run would: nothing is written twice.
      for (const statement of backfill) await database.sql.unsafe(statement);

      const resolutions = await db
        .select()
        .from(objectionResolutionsTable)
        .where(eq(objectionResolutionsTable.batchId, batchId))
        .orderBy(objectionResolutionsTable.seq);
      expect(resolutions).toEqual([
        expect.objectContaining({
          seq: 5,
          objectionId: `${batchId}:o1`,
          resolution: 'unverifiable',
          note: '待核',
          resolvedBy: 'head-wang',
          suspendedUntil: new Date('2026-04-01T00:00:00.000Z'),
        }),
        expect.objectContaining({
          seq: 6,
          objectionId: `${batchId}:o1`,
          resolution: 'unfounded',
          suspendedUntil: null,
        }),
      ]);
      const [probation] = await db
        .select({ decidedOn: probationsTable.decidedOn })
        .from(probationsTable)
        .where(and(eq(probationsTable.batchId, batchId), eq(probationsTable.personId, 'c1')));
      expect(probation?.decidedOn).toBe('2026-12-28');
    });
  });
});
