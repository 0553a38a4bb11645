// `npm run cluster -- --drill` as a test: batches driven to CLOSED through both API processes at once, each run by
// one of the cluster's worker processes.
import { expect } from 'vitest';
import { batchWorkflowId } from '../../../domain/selection';
import { drillBatch, workersInHistory } from '../../../runtime/cluster/drill';
import { signToken } from '../../../runtime/tokens';
import { expectConsistentClosedBatch, faultSecret, faultWatch, type FaultCluster } from '../harness';

export async function drillThroughEveryProcess(h: FaultCluster, batches = 4) {
  const watch = faultWatch(h);
  const reports = await Promise.all(
    Array.from({ length: batches }, (_, i) =>
      drillBatch({
        apiUrls: h.cluster.apiUrls,
        batchId: `drill-${Date.now().toString(36)}-${i + 1}`,
        token: (actor) => signToken(faultSecret, actor, '1h'),
      }),
    ),
  );
  const workerOf = (identity: string) =>
    h.cluster.workers.find((w) => w.pid !== undefined && identity.startsWith(`${w.pid}@`))?.name;
  const ranBy: Record<string, string[]> = {};
  for (const report of reports) {
    expect(report.stage).toBe('CLOSED');
    expect(
      report.requestsByApi.every((n) => n > 0),
      `requests per API: ${report.requestsByApi}`,
    ).toBe(true);
    await expectConsistentClosedBatch(h, report.batchId);
    const byIdentity = await workersInHistory(h.temporal, batchWorkflowId(report.batchId));
    ranBy[report.batchId] = [...byIdentity.keys()].map((identity) => workerOf(identity) ?? identity);
    expect(ranBy[report.batchId], 'workflow tasks run by the cluster’s worker processes').toEqual(
      expect.arrayContaining([expect.stringMatching(/^worker-\d+$/)]),
    );
    expect(ranBy[report.batchId]!.every((name) => /^worker-\d+$/.test(name))).toBe(true);
  }
  console.log(
    `[drill] ${JSON.stringify({ seconds: reports.map((r) => r.seconds), requestsByApi: reports.map((r) => r.requestsByApi), ranBy })}`,
  );
  expect(watch.since().apiCrashes).toEqual(h.cluster.apis.map(() => 0));
}
