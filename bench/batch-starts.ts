/**
 * How long POST /api/v1/batches and POST /api/v1/rank-batches take to answer 201, one start after another (the
 * latency a caller sees, not throughput), on a fresh stack.
 *
 *   npx tsx bench/batch-starts.ts [--starts 50]
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { integerArg, parseCli } from '../runtime/cli';

const { values } = parseCli({
  usage: `usage: npx tsx bench/batch-starts.ts [--starts 50]
  --starts N   batches of each kind started one after another (default 50)`,
  options: { starts: { type: 'string', default: '50' } },
});
const starts = integerArg('--starts', values.starts, { min: 1 });

const { DefaultLogger, Runtime } = await import('@temporalio/worker');
const { jwt, load, startBenchStack } = await import('./lib');
const { assessed, crowdPlan, partyGroup, rankCandidate } = await import('../testkit');
Runtime.install({ logger: new DefaultLogger('ERROR') });

const here = dirname(fileURLToPath(import.meta.url));
const stack = await startBenchStack();
const headers = {
  authorization: `Bearer ${await jwt('ORG_OFFICER', { sub: 'bench-officer' })}`,
  'content-type': 'application/json',
};
const post = async (path: string, body: unknown) => {
  const res = await fetch(`${stack.api.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  if (res.status !== 201) throw new Error(`${path}: ${res.status} ${await res.text()}`);
};

const selection = () => crowdPlan(`s-${randomUUID().slice(0, 8)}`, 1, { seats: 1 });
const rank = () => ({
  id: `r-${randomUUID().slice(0, 8)}`,
  title: 'bench',
  year: 2026,
  orgUnit: 'BENCH',
  asOf: '2026-11-01',
  candidates: [
    rankCandidate('r1', 'r1', 'b1', '四级主任科员', '三级主任科员', {
      assessments: assessed(2023, ['称职', '称职', '称职']),
    }),
  ],
  partyGroup: partyGroup(['m1', 'm2', 'm3']),
});

try {
  await load(10, 1, () => post('/api/v1/batches', selection()), 'warm-up selection');
  await load(10, 1, () => post('/api/v1/rank-batches', rank()), 'warm-up rank');
  const results = {
    measuredAt: new Date().toISOString(),
    starts,
    selection: await load(starts, 1, () => post('/api/v1/batches', selection()), 'POST /batches'),
    rank: await load(starts, 1, () => post('/api/v1/rank-batches', rank()), 'POST /rank-batches'),
  };
  console.table({ 'POST /batches': results.selection, 'POST /rank-batches': results.rank });
  mkdirSync(join(here, 'results'), { recursive: true });
  writeFileSync(join(here, 'results', 'batch-starts.json'), `${JSON.stringify(results, null, 2)}\n`);
} finally {
  await stack.stop();
}
