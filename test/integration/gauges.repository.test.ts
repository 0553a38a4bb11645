import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { connectDatabase, type Database, type Db } from '../../db/client';
import { createGaugesRepository } from '../../db/gauges.repository';
import { seedReadModel } from '../helpers/read-model-seed';
import { uniqueId } from '../helpers/stack';

let database: Database;
beforeAll(() => {
  database = connectDatabase(inject('databaseUrl'), { max: 2 });
});
afterAll(async () => {
  await database?.close();
});

class RolledBack extends Error {}

/**
 * Runs `body` in a repeatable-read transaction that is rolled back: other test files write batches meanwhile, the
 * snapshot keeps their rows out of the counts, and the rows seeded here never reach them.
 */
async function inSnapshot(body: (db: Db) => Promise<void>) {
  await database.db
    .transaction(
      async (tx) => {
        await body(tx as unknown as Db);
        throw new RolledBack();
      },
      { isolationLevel: 'repeatable read' },
    )
    .catch((err: unknown) => {
      if (!(err instanceof RolledBack)) throw err;
    });
}

const batch = (stage: string) => ({
  id: uniqueId('gauge'),
  kind: 'SELECTION',
  title: 'gauges',
  year: 2026,
  orgUnit: 'X',
  stage,
  workflowId: uniqueId('batch'),
  ruleset: {},
  plan: {},
  createdBy: 'tester',
  createdAt: new Date(),
  updatedAt: new Date(),
});

const objection = (batchId: string, status: string) => ({
  id: uniqueId('objection'),
  batchId,
  personId: 'c1',
  channel: 'PUBLIC',
  content: '…',
  receivedAt: new Date(),
  status,
});

describe('gauges repository', () => {
  describe('openBatchesByStage', () => {
    test('when batches are added in open and closed stages, only the open ones are counted, by stage', async () => {
      await inSnapshot(async (db) => {
        const counts = createGaugesRepository({ db });
        const before = await counts.openBatchesByStage();
        const stages = ['INSPECTING', 'INSPECTING', 'PUBLICITY', 'CLOSED', 'CANCELLED'];
        await seedReadModel(db, { batches: stages.map(batch) });
        const after = await counts.openBatchesByStage();
        const added = (stage: string) => (after.get(stage) ?? 0) - (before.get(stage) ?? 0);
        expect([added('INSPECTING'), added('PUBLICITY')]).toEqual([2, 1]);
        expect([after.has('CLOSED'), after.has('CANCELLED')]).toEqual([false, false]);
      });
    });
  });

  describe('openObjections', () => {
    test('when objections are open, suspended or resolved, the unresolved ones are counted', async () => {
      await inSnapshot(async (db) => {
        const counts = createGaugesRepository({ db });
        const before = await counts.openObjections();
        const b = batch('PUBLICITY');
        await seedReadModel(db, {
          batches: [b],
          objections: ['OPEN', 'SUSPENDED', 'RESOLVED'].map((status) => objection(b.id, status)),
        });
        expect((await counts.openObjections()) - before).toBe(2);
      });
    });
  });
});
