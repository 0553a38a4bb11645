// `npm run cluster -- --drill` as a test: one batch to CLOSED through both API processes, run by both workers.
import { expect } from 'vitest';
import { batchWorkflowId } from '../../../domain/selection';
import { drillBatch, workersInHistory } from '../../../runtime/cluster/drill';
import { signToken } from '../../../runtime/tokens';
import { expectConsistentClosedBatch, faultSecret, faultWatch, type FaultCluster } from '../harness';

export async function drillThroughEveryProcess(h: FaultCluster) {
  const watch = faultWatch(h);
  const report = await drillBatch({
    apiUrls: h.cluster.apiUrls,
    token: (actor) => signToken(faultSecret, actor, '1h'),
  });
  expect(report.stage).toBe('CLOSED');
  expect(
    report.requestsByApi.every((n) => n > 0),
    `requests per API: ${report.requestsByApi}`,
  ).toBe(true);
  await expectConsistentClosedBatch(h, report.batchId);

  const byIdentity = await workersInHistory(h.temporal, batchWorkflowId(report.batchId));
  const workerOf = (identity: string) =>
    h.cluster.workers.find((w) => w.pid !== undefined && identity.startsWith(`${w.pid}@`))?.name;
  const ranBy = [...byIdentity.keys()].map(workerOf);
  expect(ranBy, 'every task was run by one of the cluster’s worker processes').not.toContain(undefined);
  console.log(
    `[drill] ${JSON.stringify({ ...report, workers: Object.fromEntries([...byIdentity].map(([id, c]) => [workerOf(id), c])) })}`,
  );
  expect(watch.since().apiCrashes).toEqual(h.cluster.apis.map(() => 0));
}
