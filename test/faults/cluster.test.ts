// Fault tests against the real local cluster of `npm run cluster` (runtime/cluster): PostgreSQL, the full Temporal
// server on its own PostgreSQL, 2 worker and 2 API processes, started once for the run on free ports. The scenarios
// run one after the other on it (test/faults/scenarios), each with batches of its own; logs of the run are kept in
// test-results/faults/cluster/. One scenario alone: npm run test:faults -- -t 'killed'.
import { afterAll, beforeAll, describe, test } from 'vitest';
import { startFaultCluster, type FaultCluster } from './harness';
import { drillThroughEveryProcess } from './scenarios/drill';
import { duplicatesAppliedOnce } from './scenarios/duplicates';
import { postgresOutage } from './scenarios/postgres-outage';
import { signalsNeedWriteOnTheNamespace } from './scenarios/temporal-authorization';
import { temporalRestartDuringNotice } from './scenarios/temporal-restart';
import { workerKills } from './scenarios/worker-kills';

const requestTimeoutMs = 8000;
let h: FaultCluster;
beforeAll(async () => {
  h = await startFaultCluster({
    name: 'cluster',
    workers: 2,
    apis: 2,
    separateTemporalPostgres: true,
    requestTimeoutMs,
  });
});
afterAll(async () => {
  await h?.stop();
});

describe('npm run cluster -- --drill', () => {
  test('drives a batch to CLOSED through both API processes, its tasks run by the cluster’s workers', async () => {
    await drillThroughEveryProcess(h);
  }, 180_000);
});

describe('the Temporal server’s own authorization', () => {
  test('when `temporal workflow signal` comes without a token granting write on the namespace, the server refuses it and the batch never sees it', async () => {
    await signalsNeedWriteOnTheNamespace(h);
  }, 120_000);
});

describe('the same message delivered twice', () => {
  test('when a signal with the same requestId, or an update with the same Idempotency-Key or updateId, arrives twice, it is applied once', async () => {
    await duplicatesAppliedOnce(h);
  }, 180_000);
});

describe('the Temporal server stopped during a public notice', () => {
  test('when the server is down past the notice’s end, the timer fires after the restart and nothing is lost', async () => {
    await temporalRestartDuringNotice(h);
  }, 300_000);
});

describe('worker processes killed with SIGKILL', () => {
  test('when a random worker is killed every 1-2 s (at least 20 times) while batches run, every batch closes and nothing is lost or duplicated', async () => {
    await workerKills(h, 20);
  }, 420_000);
});

describe('xuanren’s PostgreSQL stopped for 40 s', () => {
  test('when the database is down, the API answers 503 problem+json quickly, activities retry with backoff, and afterwards nothing is lost or duplicated', async () => {
    await postgresOutage(h, { outageMs: 40_000, requestTimeoutMs });
  }, 420_000);
});
