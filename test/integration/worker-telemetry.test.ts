import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, inject, test, vi } from 'vitest';
import { loadConfig } from '../../config/config';
import { startApiServer, type ApiServer } from '../../runtime/api-server';
import { freePort } from '../../runtime/ports';
import { projectRoot } from '../../runtime/tools';
import { testAuth, testSecret, token, uniqueId } from '../helpers/stack';
import { testPayloadKeys } from '../helpers/temporal-env';
import { batchBody } from '../../testkit';

const taskQueue = `test-${randomUUID()}`;
let child: ChildProcess;
let api: ApiServer;
let metricsUrl: string;
const lines: Record<string, unknown>[] = [];
const output: string[] = [];

beforeAll(async () => {
  const metricsPort = await freePort();
  metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
  // The production entry point, configured as an operator would: its own process, because the Temporal Runtime
  // is configured once per process and vitest's setup file has configured this one's.
  child = spawn(process.execPath, ['--import', 'tsx', 'bin/worker.ts'], {
    cwd: projectRoot,
    env: {
      PATH: process.env.PATH ?? '',
      DATABASE_URL: inject('databaseUrl'),
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      TEMPORAL_TASK_QUEUE: taskQueue,
      TEMPORAL_PAYLOAD_KEYS: testPayloadKeys,
      WORKER_METRICS_PORT: String(metricsPort),
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let buffer = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    const complete = buffer.split('\n');
    buffer = complete.pop() ?? '';
    for (const line of complete) {
      output.push(line);
      try {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        // not a log line
      }
    }
  });
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
  await vi.waitFor(
    () => {
      if (child.exitCode !== null) throw new Error(`the worker exited:\n${output.join('\n')}`);
      if (!lines.some((l) => l.msg === 'worker polling')) throw new Error('the worker is starting');
    },
    { timeout: 60_000, interval: 100 },
  );
  const config = loadConfig({
    TEMPORAL_TASK_QUEUE: taskQueue,
    AUTH_JWT_SECRET: testSecret,
    TEMPORAL_PAYLOAD_KEYS: testPayloadKeys,
    LOG_LEVEL: 'silent',
  });
  api = await startApiServer({
    config,
    databaseUrl: inject('databaseUrl'),
    temporalAddress: inject('temporalAddress'),
    auth: testAuth,
    logger: pino({ level: 'silent' }),
    port: 0,
  });
});

afterAll(async () => {
  await api?.stop();
  if (child && child.exitCode === null) await stopWorker();
});

function stopWorker() {
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  return exited;
}

async function post(path: string, role: 'ORG_OFFICER' | 'ORG_HEAD', body: unknown) {
  const res = await fetch(`${api.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await token(role)}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const scrape = async () => (await fetch(metricsUrl)).text();
/** The value of one series in Prometheus text format, labels in any order. */
function value(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => present[k] === v)) return Number(match[3]);
  }
  return undefined;
}

describe('worker process telemetry (bin/worker.ts, runtime/telemetry.ts)', () => {
  test("when a batch starts and is cancelled, the worker's /metrics counts it next to the SDK's own series", async () => {
    const id = uniqueId('metrics');
    expect((await post('/api/v1/batches', 'ORG_OFFICER', batchBody(id))).status).toBe(201);
    expect((await post(`/api/v1/batches/${id}/cancellation`, 'ORG_HEAD', { reason: 'drill' })).status).toBe(200);

    await expect
      .poll(async () => value(await scrape(), 'xuanren_batches_closed', { taskQueue, outcome: 'CANCELLED' }), {
        timeout: 20_000,
        interval: 250,
      })
      .toBe(1);
    const text = await scrape();
    // Series of the workflow metric meter carry the SDK's tags namespace, taskQueue and workflowType.
    expect(value(text, 'xuanren_batches_started', { taskQueue, batch_kind: 'SELECTION' })).toBe(1);
    expect(value(text, 'xuanren_opinions_overdue', { taskQueue }) ?? 0).toBe(0);
    expect(value(text, 'xuanren_objections_open')).toBeGreaterThanOrEqual(0);
    expect(value(text, 'xuanren_batches_open', { stage: 'INSPECTING' })).toBeGreaterThanOrEqual(0);
    // The SDK's own worker metrics, from the same exporter.
    expect(value(text, 'temporal_workflow_completed', { task_queue: taskQueue, workflow_type: 'selectionBatch' })).toBe(
      1,
    );
    expect(text).toContain('temporal_activity_execution_latency');
  });

  test("when activities run, the worker's log lines are pino JSON carrying workflowId and batchId", async () => {
    const id = uniqueId('logs');
    expect((await post('/api/v1/batches', 'ORG_OFFICER', batchBody(id))).status).toBe(201);

    await expect
      .poll(() => lines.find((l) => l.msg === 'events persisted' && l.batchId === id), { timeout: 20_000 })
      .toMatchObject({
        level: 30,
        service: 'xuanren-worker',
        batchId: id,
        workflowId: `batch-${id}`,
        workflowType: 'selectionBatch',
        activityType: 'persistEvents',
        types: expect.arrayContaining(['BATCH_STARTED']),
      });
    expect(output.filter((l) => l.trim() && !l.startsWith('{'))).toEqual([]);
  });

  test('when stopped with SIGTERM, the worker drains and exits 0, and its metrics endpoint closes', async () => {
    expect(lines.find((l) => l.msg === 'worker polling')).toMatchObject({ metricsUrl, taskQueue });

    expect(await stopWorker()).toBe(0);

    await expect(fetch(metricsUrl)).rejects.toThrow();
  });
});
