import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { loadConfig } from '../../config/config';
import { startApiServer, type ApiServer } from '../../runtime/api-server';
import { drillBatch } from '../../runtime/cluster/drill';
import { signToken } from '../../runtime/tokens';
import { testPayloadKeys } from '../helpers/temporal-env';
import { startStack, testAuth, testSecret, token, uniqueId, type Stack } from '../helpers/stack';
import { batchBody, rankBatchBody } from '../../testkit';

// ruleset.timerScale shortens every legal period (5 working days of 任前公示, the year of 试用期) to seconds. Only a
// deployment switched to it (ALLOW_SCALED_TIMERS: tests, drills, the demo) accepts it; production refuses it.

let stack: Stack;
/** An API as production runs it: the switch left at its default (off). */
let production: ApiServer;
beforeAll(async () => {
  stack = await startStack();
  production = await startApiServer({
    config: loadConfig({
      TEMPORAL_TASK_QUEUE: stack.taskQueue,
      AUTH_JWT_SECRET: testSecret,
      TEMPORAL_PAYLOAD_KEYS: testPayloadKeys,
      LOG_LEVEL: 'silent',
    }),
    databaseUrl: inject('databaseUrl'),
    temporalAddress: inject('temporalAddress'),
    auth: testAuth,
    logger: pino({ level: 'silent' }),
    port: 0,
  });
});
afterAll(async () => {
  await production?.stop();
  await stack?.stop();
});

async function post(base: string, path: string, body: unknown) {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await token('ORG_OFFICER')}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, type: res.headers.get('content-type'), body: (await res.json()) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const scaled = { timerScale: 0.00001 };

describe('batches API: scaled timers (ruleset.timerScale)', () => {
  describe('POST /api/v1/batches', () => {
    test('when a production API is asked for scaled timers, 422 names ruleset.timerScale and no batch starts', async () => {
      const id = uniqueId('prod');
      const res = await post(production.url, '/api/v1/batches', { ...batchBody(id), ruleset: scaled });
      expect(res.type).toMatch(/^application\/problem\+json/);
      expect([res.status, res.body.code]).toEqual([422, 'ruleset.timer_scale_disabled']);
      expect(res.body.errors).toEqual([{ path: 'ruleset.timerScale', message: expect.any(String) }]);
      expect(res.body.detail).toContain('ALLOW_SCALED_TIMERS');
      expect((await stack.request('GET', `/api/v1/batches/${id}`, { token: await token('AUDITOR') })).status).toBe(404);
      await expect(stack.client.workflow.getHandle(`batch-${id}`).describe()).rejects.toThrow();
    });

    test('when a production API gets a ruleset at real time (timerScale absent or 1), the batch starts', async () => {
      const plain = await post(production.url, '/api/v1/batches', { ...batchBody(uniqueId('prod')) });
      const explicit = await post(production.url, '/api/v1/batches', {
        ...batchBody(uniqueId('prod')),
        ruleset: { timerScale: 1, publicityWorkingDays: 7 },
      });
      expect([plain.status, explicit.status]).toEqual([201, 201]);
      expect(plain.body.scaledTimers).toBeNull();
    });

    test('when the switch is on, a scaled batch starts and its detail, audit trail and Temporal summary say so', async () => {
      const id = uniqueId('drill');
      const created = await stack.request('POST', '/api/v1/batches', {
        token: await token('ORG_OFFICER'),
        body: { ...batchBody(id), ruleset: scaled },
      });
      expect(created.status).toBe(201);
      expect(created.body.scaledTimers).toMatchObject({ timerScale: 0.00001, message: expect.stringContaining('×') });

      const auditor = await token('AUDITOR');
      const detail = await stack.request('GET', `/api/v1/batches/${id}`, { token: auditor });
      expect(detail.body).toMatchObject({ timerScale: 0.00001, scaledTimers: { timerScale: 0.00001 } });

      await expect
        .poll(async () => (await stack.request('GET', `/api/v1/batches/${id}/audit`, { token: auditor })).body)
        .toMatchObject({
          scaledTimers: { timerScale: 0.00001 },
          events: [{ type: 'BATCH_STARTED', payload: { scaledTimers: { timerScale: 0.00001 } } }],
        });

      const handle = stack.client.workflow.getHandle(`batch-${id}`);
      const description = await handle.describe();
      expect(await description.staticSummary()).toMatch(/^\[计时缩短 ×0\.00001/);
      await expect
        .poll(
          async () => (await handle.query<{ currentDetails: string }>('__temporal_workflow_metadata')).currentDetails,
        )
        .toContain('timers scaled ×0.00001');
    });

    test('when seed:demo meets a production API, it stops before writing anything and says how to start the API', async () => {
      const run = promisify(execFile)('npx', ['tsx', 'scripts/seed-demo.ts', '--api', production.url], {
        env: { ...process.env, AUTH_JWT_SECRET: testSecret },
      });
      const failed = await run.then(
        () => undefined,
        (err: { code: number; stderr: string }) => err,
      );
      expect(failed?.code).toBe(2);
      expect(failed?.stderr).toContain('ALLOW_SCALED_TIMERS=true');
    }, 60_000);
  });

  describe('POST /api/v1/rank-batches', () => {
    test('when a production API is asked for scaled timers, 422 names ruleset.timerScale', async () => {
      const res = await post(production.url, '/api/v1/rank-batches', {
        ...rankBatchBody(),
        id: uniqueId('prodr'),
        ruleset: scaled,
      });
      expect([res.status, res.body.code, res.body.errors?.[0]?.path]).toEqual([
        422,
        'ruleset.timer_scale_disabled',
        'ruleset.timerScale',
      ]);
    });

    test('when the switch is on, the rank batch detail and its Temporal summary say it runs scaled', async () => {
      const id = uniqueId('drillr');
      const created = await stack.request('POST', '/api/v1/rank-batches', {
        token: await token('ORG_OFFICER'),
        body: { ...rankBatchBody(), id, ruleset: scaled },
      });
      expect(created.status).toBe(201);
      const detail = await stack.request('GET', `/api/v1/rank-batches/${id}`, { token: await token('AUDITOR') });
      expect(detail.body.scaledTimers).toMatchObject({ timerScale: 0.00001 });
      const description = await stack.client.workflow.getHandle(`batch-${id}`).describe();
      expect(await description.staticSummary()).toMatch(/^\[计时缩短 ×0\.00001/);
    });
  });
});

describe('cluster drill (runtime/cluster/drill.ts)', () => {
  describe('drillBatch', () => {
    const drillToken = (actor: Parameters<typeof signToken>[1]) => signToken(testSecret, actor, '1h');

    test('when the API refuses scaled timers, it stops at its first request saying how to turn the switch on', async () => {
      await expect(
        drillBatch({ apiUrls: [production.url], token: drillToken, batchId: uniqueId('drill') }),
      ).rejects.toThrow(/ALLOW_SCALED_TIMERS=true/);
    });

    test('when the API takes scaled timers, the batch closes and each probation it starts says so in the Temporal UI', async () => {
      const batchId = uniqueId('drill');
      const report = await drillBatch({ apiUrls: [stack.api.url], token: drillToken, batchId });
      expect(report.stage).toBe('CLOSED');
      const probation = await stack.client.workflow.getHandle(`probation-${batchId}-c1`).describe();
      expect(await probation.staticSummary()).toMatch(/^\[计时缩短 ×0\.00001 · 测试\/演练\] 试用期 c1/);
    }, 120_000);
  });
});
