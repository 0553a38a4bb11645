import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { createBatchPlansRepository, type PlannedBatch } from '../../db/batch-plans.repository';
import { createBatchesRepository } from '../../db/batches.repository';
import { connectDatabase, type Database } from '../../db/client';
import { applyEvent, project } from '../../db/projection';
import { createRankBatchesRepository } from '../../db/rank-batches.repository';
import { projectRank } from '../../db/rank.projection';
import { batchesTable } from '../../db/schema';
import { startBatchSchema } from '../../domain/batch';
import { candidateEligibility, defaultRankRuleset, rankBatchSchema } from '../../domain/rank-promotion';
import { defaultRuleset } from '../../domain/ruleset';
import { batchWorkflowId } from '../../domain/selection';
import { uniqueId } from '../helpers/stack';
import { batchBody, rankBatchBody } from '../../testkit';

let database: Database;
let plans: ReturnType<typeof createBatchPlansRepository>;
beforeAll(() => {
  database = connectDatabase(inject('databaseUrl'), { max: 2 });
  plans = createBatchPlansRepository({ db: database.db });
});
afterAll(async () => {
  await database?.close();
});

const byApi = { createdBy: 'officer-li', createdAt: new Date('2026-11-02T01:00:00.000Z') };

function selectionPlanned(id: string): PlannedBatch & { kind: 'SELECTION' } {
  const { ruleset: _r, ...plan } = startBatchSchema.parse(batchBody(id));
  return { kind: 'SELECTION', workflowId: batchWorkflowId(id), plan: { ...plan, id }, ruleset: defaultRuleset };
}

function rankPlanned(id: string): PlannedBatch & { kind: 'RANK_PROMOTION' } {
  const { ruleset: _r, asOf, ...plan } = rankBatchSchema.parse({ ...rankBatchBody(), id });
  const rankPlan = { ...plan, id, asOf: asOf! };
  const eligibility = candidateEligibility(rankPlan, defaultRankRuleset).map((e, i) => ({
    personId: rankPlan.candidates[i]!.personId,
    ...e,
  }));
  return {
    kind: 'RANK_PROMOTION',
    workflowId: batchWorkflowId(id),
    plan: rankPlan,
    ruleset: defaultRankRuleset,
    eligibility,
  };
}

/** The workflow's first event, as its persistence activity applies it after the API has written the plan. */
const started = (planned: PlannedBatch) => ({
  seq: 1,
  type: 'BATCH_STARTED',
  actor: { id: 'officer-wang', role: 'ORG_OFFICER' as const, channel: 'API' as const },
  at: '2026-11-02T01:00:01.000Z',
  payload: planned,
});

describe('batch plans repository', () => {
  describe('insert', () => {
    test('when a selection batch is planned, it reads back with its positions and candidates under inspection', async () => {
      const id = uniqueId('plan');
      await plans.insert(selectionPlanned(id), byApi);
      const batch = await createBatchesRepository({ db: database.db }).get(id);
      expect(batch).toMatchObject({ id, kind: 'SELECTION', stage: 'INSPECTING', lastSeq: 0, ...byApi });
      expect(batch?.positions.map((p) => p.id)).toEqual(['p1', 'p2']);
      expect(batch?.candidates.map((c) => [c.personId, c.state])).toEqual([
        ['c1', 'UNDER_INSPECTION'],
        ['c2', 'UNDER_INSPECTION'],
      ]);
    });

    test('when a rank batch is planned, each candidate reads back in the state its eligibility gives', async () => {
      const id = uniqueId('plan');
      await plans.insert(rankPlanned(id), byApi);
      const batch = await createRankBatchesRepository({ db: database.db }).get(id, {
        confidential: true,
        votes: false,
      });
      expect(batch).toMatchObject({ id, kind: 'RANK_PROMOTION', stage: 'INSPECTING', asOf: '2026-11-01', ...byApi });
      expect(batch?.candidates.map((c) => [c.personId, c.eligible, c.state])).toEqual([
        ['r1', true, 'UNDER_INSPECTION'],
        ['r2', true, 'UNDER_INSPECTION'],
        ['r3', false, 'INELIGIBLE'],
      ]);
      expect(batch?.candidates[2]?.exitReason).toBeTruthy();
    });

    test('when the plan is written a second time, the rows written first stay', async () => {
      const id = uniqueId('plan');
      await plans.insert(rankPlanned(id), byApi);
      await plans.insert(rankPlanned(id), { createdBy: 'someone-else', createdAt: new Date() });
      const [row] = await database.db.select().from(batchesTable).where(eq(batchesTable.id, id));
      expect(row).toMatchObject(byApi);
    });
  });

  describe("the workflow's BATCH_STARTED after the API's plan", () => {
    test('when a selection batch was planned, the event is applied and leaves the planned rows', async () => {
      const id = uniqueId('plan');
      const planned = selectionPlanned(id);
      await plans.insert(planned, byApi);
      expect(await applyEvent(database.db, id, started(planned), project)).toBe('applied');
      const batch = await createBatchesRepository({ db: database.db }).get(id);
      expect(batch).toMatchObject({ createdBy: byApi.createdBy, createdAt: byApi.createdAt });
      expect(batch?.candidates).toHaveLength(2);
    });

    test('when a rank batch was planned, the event is applied, counted in lastSeq, and leaves the planned rows', async () => {
      const id = uniqueId('plan');
      const planned = rankPlanned(id);
      await plans.insert(planned, byApi);
      expect(await applyEvent(database.db, id, started(planned), projectRank)).toBe('applied');
      const batch = await createRankBatchesRepository({ db: database.db }).get(id);
      expect(batch).toMatchObject({ lastSeq: 1, createdBy: byApi.createdBy, createdAt: byApi.createdAt });
      expect(batch?.candidates).toHaveLength(3);
    });
  });
});
