// `npm run cluster -- --drill` as a test: batches driven to CLOSED through both API processes at once, each run by
// one of the cluster's worker processes.
import { expect } from 'vitest';
import { drillBatches, workersOfBatch } from '../../../runtime/cluster/drill';
import { signToken } from '../../../runtime/tokens';
import { expectConsistentClosedBatch, faultSecret, faultWatch, type FaultCluster } from '../harness';

export async function drillThroughEveryProcess(h: FaultCluster, batches = 4) {
  const watch = faultWatch(h);
  const reports = await drillBatches({
    batches,
    apiUrls: h.cluster.apiUrls,
    token: (actor) => signToken(faultSecret, actor, '1h'),
  });
  const ranBy: Record<string, string[]> = {};
  for (const report of reports) {
    expect(report.stage).toBe('CLOSED');
    expect(
      report.requestsByApi.every((n) => n > 0),
      `requests per API: ${report.requestsByApi}`,
    ).toBe(true);
    await expectConsistentClosedBatch(h, report.batchId);
    ranBy[report.batchId] = [...(await workersOfBatch(h.temporal, report.batchId, h.cluster.workers)).keys()];
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
