/**
 * What the service costs on top of bare Temporal, measured side by side on the same dev server in one run:
 *  - starting a batch through the API vs a bare client.workflow.start of an empty workflow;
 *  - a supervisor action through the API (a vetting check, backed by an update) vs a bare executeUpdate;
 *  - GET /api/v1/batches/:id from the read model at a fixed request rate.
 *
 *   npx tsx bench/api-vs-bare.ts [--starts 300] [--actions 300] [--concurrency 10] [--rate 200]
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { integerArg, parseCli } from '../runtime/cli';
import { pingUpdate } from './workflows';

const { values } = parseCli({
  usage: `usage: npx tsx bench/api-vs-bare.ts [--starts 300] [--actions 300] [--concurrency 10] [--rate 200]
  --starts N        batches started, through the API and bare (default 300)
  --actions N       vetting checks recorded, through the API and bare (default 300)
  --concurrency N   requests in flight (default 10)
  --rate N          GET /batches/:id per second, for 10 s (default 200)`,
  options: {
    starts: { type: 'string', default: '300' },
    actions: { type: 'string', default: '300' },
    concurrency: { type: 'string', default: '10' },
    rate: { type: 'string', default: '200' },
  },
});
const starts = integerArg('--starts', values.starts, { min: 1 });
const actions = integerArg('--actions', values.actions, { min: 1 });
const concurrency = integerArg('--concurrency', values.concurrency, { min: 1, max: 1000 });
const rate = integerArg('--rate', values.rate, { min: 1 });

// Loaded once the arguments are good: a mistyped option answers at once.
const { DefaultLogger, NativeConnection, Runtime, Worker } = await import('@temporalio/worker');
const { jwt, load, startBenchStack } = await import('./lib');
const { crowdPlan } = await import('../testkit');
Runtime.install({ logger: new DefaultLogger('ERROR') });

const here = dirname(fileURLToPath(import.meta.url));
const stack = await startBenchStack();
const bareConnection = await NativeConnection.connect({ address: stack.temporalAddress });
const bareWorker = await Worker.create({
  connection: bareConnection,
  taskQueue: 'bench-bare',
  workflowsPath: join(here, 'workflows', 'index.ts'),
  dataConverter: stack.dataConverter,
});
const running = bareWorker.run();

const officer = await jwt('ORG_OFFICER', { sub: 'bench-officer' });
const headers = { authorization: `Bearer ${officer}`, 'content-type': 'application/json' };
const post = async (path: string, body: unknown, expect: number) => {
  const res = await fetch(`${stack.api.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  if (res.status !== expect) throw new Error(`${path}: ${res.status} ${await res.text()}`);
};
const batch = (id: string, candidates: number) => crowdPlan(id, candidates, { seats: 1 });

try {
  console.log(
    `xuanren bench: API vs bare Temporal (${process.platform}, ${(await import('node:os')).cpus().length} cores)`,
  );
  // Warm-up: bundles, connections, JIT.
  await load(
    20,
    5,
    (i) =>
      stack.client.workflow
        .start('benchEmpty', { taskQueue: 'bench-bare', workflowId: `warm-${i}-${randomUUID()}` })
        .then(() => undefined),
    'warm-up bare',
  );
  await load(
    20,
    5,
    (i) => post('/api/v1/batches', batch(`warm-${i}-${randomUUID().slice(0, 6)}`, 1), 201),
    'warm-up API',
  );

  const target = stack.client.workflow.getHandle(
    (
      await stack.client.workflow.start('benchEmpty', {
        taskQueue: 'bench-bare',
        workflowId: `bare-upd-${randomUUID()}`,
      })
    ).workflowId,
  );
  const bareAction = await load(
    actions,
    concurrency,
    (i) => target.executeUpdate(pingUpdate, { args: [{ n: i }] }).then(() => undefined),
    'bare update',
  );
  const actionBatch = `action-${randomUUID().slice(0, 6)}`;
  await post('/api/v1/batches', batch(actionBatch, actions), 201);
  const apiAction = await load(
    actions,
    concurrency,
    (i) =>
      post(`/api/v1/batches/${actionBatch}/candidates/c${i}/checks`, { kind: 'ARCHIVE_AUDIT', result: 'clear' }, 201),
    'API check',
  );

  const readBatch = `read-${randomUUID().slice(0, 6)}`;
  await post('/api/v1/batches', batch(readBatch, 6), 201);
  // A separate process, so the load generator does not share the API's event loop.
  const read = await readLoad(`${stack.api.url}/api/v1/batches/${readBatch}`, officer, rate);
  // Starts last: each started batch keeps the worker busy with its first tasks for a while after its start, which
  // would otherwise land on the action and read figures.
  const bareStart = await load(
    starts,
    concurrency,
    (i) =>
      stack.client.workflow
        .start('benchEmpty', { taskQueue: 'bench-bare', workflowId: `bare-${i}-${randomUUID()}` })
        .then(() => undefined),
    'bare start',
  );
  const apiStart = await load(
    starts,
    concurrency,
    (i) => post('/api/v1/batches', batch(`start-${i}-${randomUUID().slice(0, 6)}`, 1), 201),
    'API start',
  );

  const results = {
    machine: `${(await import('node:os')).cpus()[0]?.model ?? 'cpu'} × ${(await import('node:os')).cpus().length}`,
    measuredAt: new Date().toISOString(),
    start: {
      bare: bareStart,
      api: apiStart,
      throughputRatio: Number((apiStart.throughput / bareStart.throughput).toFixed(2)),
    },
    supervisorAction: {
      bare: bareAction,
      api: apiAction,
      p99Ratio: Number((apiAction.p99 / bareAction.p99).toFixed(2)),
    },
    read: { rate, requests: read.requests.total, non2xx: read.non2xx, p50: read.latency.p50, p99: read.latency.p99 },
  };
  console.table({
    'start throughput /s': {
      bare: bareStart.throughput,
      api: apiStart.throughput,
      ratio: results.start.throughputRatio,
    },
    'start p50 ms': { bare: bareStart.p50, api: apiStart.p50 },
    'start p99 ms': { bare: bareStart.p99, api: apiStart.p99 },
    'action p50 ms': { bare: bareAction.p50, api: apiAction.p50 },
    'action p99 ms': { bare: bareAction.p99, api: apiAction.p99, ratio: results.supervisorAction.p99Ratio },
    [`read at ${rate}/s p50 / p99 ms`]: { api: `${read.latency.p50} / ${read.latency.p99}` },
  });
  mkdirSync(join(here, 'results'), { recursive: true });
  writeFileSync(join(here, 'results', 'api-vs-bare.json'), `${JSON.stringify(results, null, 2)}\n`);
} finally {
  bareWorker.shutdown();
  await running;
  await bareConnection.close();
  await stack.stop();
}

interface AutocannonResult {
  requests: { total: number };
  non2xx: number;
  latency: { p50: number; p99: number };
}

function readLoad(url: string, token: string, rate: number): Promise<AutocannonResult> {
  const bin = createRequire(import.meta.url).resolve('autocannon/autocannon.js');
  const args = [bin, '-c', '10', '-R', String(rate), '-d', '10', '-j', '-H', `authorization=Bearer ${token}`, url];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.once('error', reject);
    child.once('exit', () => {
      try {
        resolve(JSON.parse(out) as AutocannonResult);
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
    process.stdout.write(`  GET /batches/:id at ${rate}/s for 10 s…\n`);
  });
}
