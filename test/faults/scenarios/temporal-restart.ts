// The Temporal server stopped, and started again once a public notice should have ended meanwhile.
import { expect } from 'vitest';
import { actors, BatchDriver, expectConsistentClosedBatch, faultWatch, sleep, type FaultCluster } from '../harness';

const uid = () => Date.now().toString(36);

export async function temporalRestartDuringNotice(h: FaultCluster) {
  const watch = faultWatch(h);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const auditOf = async (id: string): Promise<any[]> =>
    (await h.request('GET', `/api/v1/batches/${id}/audit`, { actor: actors.auditor })).body.events;
  // About 20 s of public notice at this scale (5 working days: about a week).
  const timerScale = 3e-5;
  const onNotice = new BatchDriver(h, `restart-${uid()}-notice`, timerScale);
  const vetting = new BatchDriver(h, `restart-${uid()}-vetting`, timerScale);
  const deciding = new BatchDriver(h, `restart-${uid()}-deciding`, timerScale);
  await Promise.all([onNotice.start(), vetting.start(), deciding.start()]);
  await Promise.all([onNotice.vetAll(), deciding.vetAll(), vetting.vet('c1', 'b1')]);
  await onNotice.decide();
  await Promise.all([onNotice.waitStage('PUBLICITY'), deciding.waitStage('DECIDING')]);

  // The stage and the window are two events, persisted one after the other: wait for the window's.
  let opened: { at: string; payload: { window: { endsAt: string } } } | undefined;
  await expect
    .poll(async () => (opened = (await auditOf(onNotice.id)).find((e) => e.type === 'PUBLICITY_OPENED')), {
      timeout: 10_000,
    })
    .toBeTruthy();
  const endsAt = Date.parse(opened!.payload.window.endsAt);
  const openedAt = Date.parse(opened!.at);
  const firesAt = openedAt + (endsAt - openedAt) * timerScale;
  expect(firesAt - Date.now(), 'the notice is still running when the server stops').toBeGreaterThan(3000);

  const stoppedAt = Date.now();
  await h.cluster.temporal.stop();
  const stopSeconds = (Date.now() - stoppedAt) / 1000;
  // While it is down: a command is refused with 503 problem+json (retry later), the read model still answers.
  const refusedKey = `refused-${vetting.id}`;
  const refusedPath = `/api/v1/batches/${vetting.id}/candidates/c2/checks`;
  const refusedBody = { kind: 'ARCHIVE_AUDIT', result: 'clear' };
  const refused = await h.request('POST', refusedPath, {
    actor: actors.officer,
    body: refusedBody,
    headers: { 'idempotency-key': refusedKey },
  });
  const live = await h.request('GET', `/api/v1/batches/${vetting.id}/live`, { actor: actors.auditor });
  const read = await h.request('GET', `/api/v1/batches/${vetting.id}`, { actor: actors.auditor });
  expect([refused.status, refused.contentType]).toEqual([503, expect.stringContaining('application/problem+json')]);
  expect([live.status, live.contentType]).toEqual([503, expect.stringContaining('application/problem+json')]);
  expect(read.status).toBe(200);
  // Down until well after the notice should have ended.
  await sleep(Math.max(firesAt + 3000 - Date.now(), 10_000 - (Date.now() - stoppedAt)));
  const restartAt = Date.now();
  await h.cluster.temporal.start();
  const restartedAt = Date.now();
  const downSeconds = (restartedAt - stoppedAt) / 1000;

  await onNotice.waitStage('APPOINTING', 120_000);
  const ended = (await auditOf(onNotice.id)).find((e) => e.type === 'PUBLICITY_ENDED');
  expect(Date.parse(ended.at), 'the notice ended after the restart').toBeGreaterThanOrEqual(restartAt - 100);

  // The three batches carry on to the end.
  await Promise.all([
    onNotice.appointAll().then(() => onNotice.waitStage('CLOSED')),
    (async () => {
      // The client retries the refused command with its key: applied once, whether or not the first try got
      // through after all.
      await vetting.command(refusedPath, actors.officer, refusedBody, [201], { key: refusedKey });
      await vetting.vet('c2', 'b2', 1);
      await vetting.vet('c3', 'b1');
      await vetting.waitStage('DECIDING');
      await vetting.decide();
      await vetting.waitStage('APPOINTING');
      await vetting.appointAll();
      await vetting.waitStage('CLOSED');
    })(),
    (async () => {
      await deciding.decide();
      await deciding.waitStage('APPOINTING');
      await deciding.appointAll();
      await deciding.waitStage('CLOSED');
    })(),
  ]);
  for (const d of [onNotice, vetting, deciding]) await expectConsistentClosedBatch(h, d.id);
  const { anomalies, apiCrashes } = watch.since();
  console.log(
    `[temporal-restart] ${JSON.stringify({
      stopSeconds,
      downSeconds,
      serverStartSeconds: (restartedAt - restartAt) / 1000,
      noticeDueAfterStopSeconds: (firesAt - stoppedAt) / 1000,
      publicityEndedAfterRestartSeconds: (Date.parse(ended.at) - restartedAt) / 1000,
      whileDown: {
        command: `${refused.status} ${refused.body?.code} in ${refused.ms} ms`,
        live: `${live.status} ${live.body?.code} in ${live.ms} ms`,
        readModel: `${read.status} in ${read.ms} ms`,
      },
      workerCrashes: h.cluster.workers.map((w) => `${w.name}: ${w.crashes}`),
      apiCrashes: h.cluster.apis.map((a) => `${a.name}: ${a.crashes}`),
      anomalies,
    })}`,
  );
  expect(anomalies).toEqual([]);
  expect(apiCrashes).toEqual(h.cluster.apis.map(() => 0));
}
