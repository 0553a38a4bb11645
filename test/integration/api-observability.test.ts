import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import express from 'express';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { accessLog } from '../../api/access-log';
import { createApp } from '../../api/app';
import { createTokenVerifier } from '../../api/auth';
import { createHttpMetrics, metricsMiddleware, metricsRouter } from '../../api/metrics';
import { loadConfig } from '../../config/config';
import { connectDatabase } from '../../db/client';
import { connectClient } from '../../runtime/temporal';
import { startWorker, type RunningWorker } from '../../runtime/worker-process';
import { testAuth, token, uniqueId } from '../helpers/stack';
import { testPayloadKeys } from '../helpers/temporal-env';
import { batchBody } from '../../testkit';

type Line = Record<string, unknown>;
const logs: Line[] = [];
const metrics = createHttpMetrics();
let server: Server;
let url: string;
let worker: RunningWorker;
const closers: (() => Promise<unknown>)[] = [];

// The API as bin/api.ts builds it, with the access log and the metrics mounted in front of it.
beforeAll(async () => {
  const taskQueue = `test-${randomUUID()}`;
  const databaseUrl = inject('databaseUrl');
  const temporalAddress = inject('temporalAddress');
  const config = loadConfig({
    TEMPORAL_TASK_QUEUE: taskQueue,
    TEMPORAL_PAYLOAD_KEYS: testPayloadKeys,
    LOG_LEVEL: 'silent',
  });
  const silent = pino({ level: 'silent' });
  worker = await startWorker({ config, databaseUrl, temporalAddress, logger: silent });
  const database = connectDatabase(databaseUrl, { max: 2 });
  const temporal = await connectClient(temporalAddress, config);
  closers.push(
    () => temporal.connection.close(),
    () => database.close(),
  );
  const logger = pino({ level: 'debug' }, { write: (line: string) => void logs.push(JSON.parse(line) as Line) });
  const app = express();
  app.use(accessLog(logger));
  app.use(metricsMiddleware(metrics));
  app.use(metricsRouter(metrics));
  app.use(
    createApp({
      database,
      temporal: temporal.client,
      taskQueue,
      verifyToken: createTokenVerifier(testAuth),
      logger: silent,
    }),
  );
  server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await worker?.stop();
  for (const close of closers) await close();
});

async function call(method: string, path: string, opts: { token?: string; body?: unknown; requestId?: string } = {}) {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: {
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...(opts.body ? { 'content-type': 'application/json' } : {}),
      ...(opts.requestId ? { 'x-request-id': opts.requestId } : {}),
    },
    ...(opts.body ? { body: JSON.stringify(opts.body) } : {}),
  });
  await res.arrayBuffer();
  return res.status;
}

/** The access-log line of one request, once its response has closed. */
async function logOf(requestId: string) {
  await expect.poll(() => logs.find((l) => l.requestId === requestId)).toBeDefined();
  return logs.find((l) => l.requestId === requestId)!;
}

describe('API observability (api/metrics.ts, api/access-log.ts)', () => {
  test('when batches are created, read and missed, /metrics counts them by route pattern and status, never by raw URL', async () => {
    const id = uniqueId('obs');
    const officer = await token('ORG_OFFICER');
    expect(await call('POST', '/api/v1/batches', { token: officer, body: batchBody(id) })).toBe(201);
    expect(await call('GET', `/api/v1/batches/${id}`, { token: officer })).toBe(200);
    expect(await call('GET', `/api/v1/batches/${id}-missing`, { token: officer })).toBe(404);
    expect(await call('GET', `/api/v1/batches/${id}`)).toBe(401);
    expect(await call('GET', `/no-such-page/${id}`)).toBe(404);
    expect(await call('GET', '/healthz')).toBe(200);

    const res = await fetch(`${url}/metrics`);
    const text = await res.text();

    expect(res.headers.get('content-type')).toContain('text/plain');
    for (const series of [
      'http_requests_total{method="POST",route="/api/v1/batches",status="201"} 1',
      'http_requests_total{method="GET",route="/api/v1/batches/:id",status="200"} 1',
      'http_requests_total{method="GET",route="/api/v1/batches/:id",status="404"} 1',
      'http_requests_total{method="GET",route="/api/v1/batches/:id",status="401"} 1',
      'http_requests_total{method="GET",route="(unmatched)",status="404"} 1',
      'http_requests_total{method="GET",route="/healthz",status="200"} 1',
      'http_request_duration_seconds_count{method="GET",route="/api/v1/batches/:id",status="200"} 1',
      'http_request_duration_seconds_bucket{le="10",method="POST",route="/api/v1/batches",status="201"} 1',
    ])
      expect(text).toContain(series);
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
    expect(text).not.toContain(id);
  });

  test('when a request concerns a batch, its access-log line carries requestId, route, status, duration, batchId and workflowId', async () => {
    const id = uniqueId('log');
    const officer = await token('ORG_OFFICER');
    const [created, read, missing, refused] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    await call('POST', '/api/v1/batches', { token: officer, body: batchBody(id), requestId: created });
    await call('GET', `/api/v1/batches/${id}/audit`, { token: await token('AUDITOR'), requestId: read });
    await call('GET', `/api/v1/batches/${id}-missing`, { token: officer, requestId: missing });
    await call('GET', `/api/v1/batches/${id}`, { requestId: refused });

    expect(await logOf(created)).toMatchObject({
      level: 30,
      msg: 'request answered',
      method: 'POST',
      route: '/api/v1/batches',
      path: '/api/v1/batches',
      status: 201,
      durationMs: expect.any(Number),
      batchId: id,
      workflowId: `batch-${id}`,
    });
    expect(await logOf(read)).toMatchObject({
      route: '/api/v1/batches/:id/audit',
      status: 200,
      batchId: id,
      workflowId: `batch-${id}`,
    });
    expect(await logOf(missing)).toMatchObject({
      route: '/api/v1/batches/:id',
      status: 404,
      batchId: `${id}-missing`,
    });
    expect(await logOf(refused)).toMatchObject({ route: '/api/v1/batches/:id', status: 401, batchId: id });
  });
});
