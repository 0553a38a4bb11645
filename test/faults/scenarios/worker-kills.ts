// kill -9 of worker processes at random moments while batches are in progress at different stages.
import { expect } from 'vitest';
import { BatchDriver, expectConsistentClosedBatch, faultWatch, sleep, type FaultCluster } from '../harness';

export async function workerKills(h: FaultCluster, minKills = 20) {
  const watch = faultWatch(h);
  const started = Date.now();
  // A public notice of 5 working days lasts about 6 s at this scale, so some batches sit on a timer when killed.
  const drivers = Array.from({ length: 6 }, (_, i) => new BatchDriver(h, `kill-${Date.now().toString(36)}-${i}`, 1e-5));
  let finished = 0;
  // Staggered, so that at any moment batches are at different stages (starting, vetting, deciding, public notice,
  // appointing).
  const runs = drivers.map(async (d, i) => {
    await sleep(i * 2500);
    await d.runToClosed();
    finished++;
  });

  const kills: { worker: string; atMs: number; lastOneStanding: boolean }[] = [];
  const killer = (async () => {
    while (finished < drivers.length || kills.length < minKills) {
      await sleep(1000 + Math.random() * 1000);
      // A worker needs about 5 s to start (it bundles the workflow code): killing every 1-2 s regardless would leave
      // no worker up at all. So the victim is a worker that is up, and the last one standing only now and then (then
      // no worker runs for a while).
      const up = h.cluster.workers.filter((w) => w.ready);
      if (up.length === 0 || (up.length === 1 && Math.random() > 0.25)) continue;
      const victim = up[Math.floor(Math.random() * up.length)]!;
      if (victim.kill('SIGKILL'))
        kills.push({ worker: victim.name, atMs: Date.now() - started, lastOneStanding: up.length === 1 });
    }
  })();
  const results = await Promise.allSettled(runs);
  await killer;
  const drivingSeconds = (Date.now() - started) / 1000;
  await Promise.all(h.cluster.workers.map((w) => w.whenReady()));

  const failures = results.flatMap((r, i) =>
    r.status === 'rejected' ? [`${drivers[i]!.id}: ${String(r.reason)}`] : [],
  );
  expect(failures).toEqual([]);
  const checked = [];
  for (const d of drivers)
    checked.push({ id: d.id, ...(await expectConsistentClosedBatch(h, d.id)), retries: d.retries });
  const { anomalies, apiCrashes } = watch.since();
  console.log(
    `[worker-kills] ${JSON.stringify(
      {
        kills: kills.length,
        killsOfTheLastWorkerStanding: kills.filter((k) => k.lastOneStanding).length,
        killTimesSeconds: kills.map((k) => Math.round(k.atMs / 100) / 10),
        workerRestarts: h.cluster.workers.map((w) => `${w.name}: ${w.restarts}`),
        apiCrashes,
        drivingSeconds,
        batches: checked.map((c) => ({ id: c.id, events: c.seq, retriedCommands: c.retries })),
        anomalies,
      },
      null,
      2,
    )}`,
  );
  expect(kills.length).toBeGreaterThanOrEqual(minKills);
  expect(anomalies).toEqual([]);
  // An API process must not die because a worker did (test-results/faults/cluster/api-*.log says why it did).
  expect(apiCrashes).toEqual(h.cluster.apis.map(() => 0));
}
