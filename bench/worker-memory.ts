/**
 * Worker memory with many open batches waiting on timers: a worker process of its own (bin/worker.ts), batches
 * started straight through the Temporal client, RSS read from /proc after each step.
 *
 *   npx tsx bench/worker-memory.ts [--batches 10000] [--step 2500] [--heap-mb 512] [--cache 200]
 */
import { spawn } from 'node:child_process';
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { startBatchSchema } from '../domain/batch';
import { defaultRuleset } from '../domain/ruleset';
import type { SelectionBatchInput } from '../domain/selection';
import { projectRoot } from '../runtime/tools';
import { workerHeapMb } from '../runtime/worker-heap';
import { integerArg, parseCli } from '../runtime/cli';
import { crowdPlan } from '../testkit/selection-plans';

const { values } = parseCli({
  usage: `usage: npx tsx bench/worker-memory.ts [--batches 10000] [--step 2500] [--heap-mb 512] [--cache 200]
  --batches N   open batches at the end (default 10000)
  --step N      batches started between two measures (default 2500)
  --heap-mb N   the worker's V8 old-space limit, as production sets it; 0: none (default: runtime/worker-heap.ts)
  --cache N     WORKER_MAX_CACHED_WORKFLOWS for the worker (default: the config's)`,
  options: {
    batches: { type: 'string', default: '10000' },
    step: { type: 'string', default: '2500' },
    /** The worker's V8 old-space limit (--max-old-space-size), as production would set it. */
    'heap-mb': { type: 'string' },
    /** WORKER_MAX_CACHED_WORKFLOWS for the worker (default: the config's). */
    cache: { type: 'string' },
  },
});
const total = integerArg('--batches', values.batches, { min: 1 });
const step = integerArg('--step', values.step, { min: 1 });
if (values['heap-mb'] !== undefined) integerArg('--heap-mb', values['heap-mb'], { min: 0 });
if (values.cache !== undefined) integerArg('--cache', values.cache, { min: 0, max: 100_000 });

// Loaded once the arguments are good: a mistyped option answers at once.
const { load, startBenchStack } = await import('./lib');

const rssMb = (pid: number) => {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Math.round(Number(line?.replace(/\D+/g, '') ?? 0) / 1024);
};

const stack = await startBenchStack();
// As production runs a worker (runtime/worker-heap.ts); --heap-mb 0 measures V8 without a limit.
const heapMb = values['heap-mb'] ?? String(workerHeapMb);
const worker = spawn(
  process.execPath,
  [...(heapMb !== '0' ? [`--max-old-space-size=${heapMb}`] : []), '--import', 'tsx', 'bin/worker.ts'],
  {
    cwd: projectRoot,
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: stack.databaseUrl,
      DATA_DIR: stack.dataDir,
      TEMPORAL_ADDRESS: stack.temporalAddress,
      TEMPORAL_TASK_QUEUE: 'bench-memory',
      LOG_LEVEL: 'error',
      WORKER_METRICS_PORT: '0',
      ...(values.cache ? { WORKER_MAX_CACHED_WORKFLOWS: values.cache } : {}),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  },
);
const plan = (id: string): SelectionBatchInput => ({
  plan: {
    ...startBatchSchema.parse(crowdPlan(id, 1)),
    id,
  },
  ruleset: defaultRuleset,
  startedBy: { id: 'bench', role: 'ORG_OFFICER' },
});

try {
  await new Promise((r) => setTimeout(r, 8000));
  const samples = [{ openBatches: 0, rssMb: rssMb(worker.pid!) }];
  console.log(`  worker idle: ${samples[0]!.rssMb} MB`);
  for (let started = 0; started < total; started += step) {
    const n = Math.min(step, total - started);
    await load(
      n,
      50,
      (i) =>
        stack.client.workflow
          .start('selectionBatch', {
            taskQueue: 'bench-memory',
            workflowId: `mem-${started + i}`,
            args: [plan(`mem-${started + i}`)],
          })
          .then(() => undefined),
      `start ${started + n}`,
    );
    // Let the worker run every batch's first tasks (persistence, calendar) until it waits on timers.
    for (let idle = 0; idle < 3;) {
      const before = rssMb(worker.pid!);
      await new Promise((r) => setTimeout(r, 3000));
      idle = Math.abs(rssMb(worker.pid!) - before) < 5 ? idle + 1 : 0;
    }
    samples.push({ openBatches: started + n, rssMb: rssMb(worker.pid!) });
    console.log(`  ${started + n} open batches: worker RSS ${samples.at(-1)!.rssMb} MB`);
  }
  const last = samples.at(-1)!;
  const perBatchKb = Math.round(((last.rssMb - samples[0]!.rssMb) * 1024) / last.openBatches);
  console.table(samples);
  console.log(`  growth: ${perBatchKb} KB per open batch`);
  mkdirSync('bench/results', { recursive: true });
  writeFileSync(
    'bench/results/worker-memory.json',
    `${JSON.stringify({ measuredAt: new Date().toISOString(), heapMb: heapMb !== '0' ? Number(heapMb) : null, cache: values.cache ? Number(values.cache) : 'default', samples, perBatchKb }, null, 2)}\n`,
  );
} finally {
  worker.kill('SIGTERM');
  await stack.stop();
}
