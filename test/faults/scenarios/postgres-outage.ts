// xuanren's PostgreSQL stopped for 40 s while batches are in progress. Temporal keeps its own database in the fault
// cluster (separateTemporalPostgres), so that the workflows keep running and their activities have something to
// retry against.
import { expect } from 'vitest';
import { ballots, fiveMembers, meeting } from '../../../testkit';
import {
  actors,
  BatchDriver,
  batchPlan,
  expectConsistentClosedBatch,
  faultWatch,
  sleep,
  type FaultCluster,
  type Reply,
} from '../harness';

const uid = () => Date.now().toString(36);

export async function postgresOutage(h: FaultCluster, { outageMs = 40_000, requestTimeoutMs = 8000 } = {}) {
  const watch = faultWatch(h);
  const timerScale = 1e-5; // a public notice of about 6 s
  const vetting = new BatchDriver(h, `pg-${uid()}-vetting`, timerScale);
  const deciding = new BatchDriver(h, `pg-${uid()}-deciding`, timerScale);
  const notice = new BatchDriver(h, `pg-${uid()}-notice`, timerScale);
  await Promise.all([vetting.start(), deciding.start(), notice.start()]);
  await Promise.all([vetting.vet('c1', 'b1', 0, 4), deciding.vetAll(), notice.vetAll()]);
  await Promise.all([deciding.waitStage('DECIDING'), notice.waitStage('DECIDING')]);
  await notice.decide();
  await notice.waitStage('PUBLICITY');
  const workerCrashes = h.cluster.workers.map((w) => w.crashes);

  // ---- the outage ----
  const outageStart = Date.now();
  await h.cluster.postgres.stop();
  const probes: { what: string; reply: Reply }[] = [];
  const probe = async (what: string, reply: Promise<Reply>) => probes.push({ what, reply: await reply });
  // Without an Idempotency-Key. Whether it reaches the workflow depends on whether the API reads PostgreSQL first;
  // either way the client gets 503, and the end state must hold the check exactly once.
  const unkeyedPath = `/api/v1/batches/${vetting.id}/candidates/c2/checks`;
  const unkeyed = { kind: 'ARCHIVE_AUDIT', result: 'clear' };
  await probe(
    'POST check (no Idempotency-Key)',
    h.request('POST', unkeyedPath, { actor: actors.officer, body: unkeyed }),
  );
  // With a key: the key store is in PostgreSQL, so nothing runs; the client retries later with the same key.
  const keyedPath = `/api/v1/batches/${deciding.id}/meetings`;
  const keyedKey = `outage-${deciding.id}`;
  const newBatch = new BatchDriver(h, `pg-${uid()}-new`, timerScale);
  const newBatchKey = `outage-${newBatch.id}`;
  let pendingActivity: { type: string; attempt: number; lastFailure: string } | undefined;
  const live: Reply[] = [];
  for (let round = 0; Date.now() - outageStart < outageMs - 3000; round++) {
    const api = round % 2;
    await Promise.all([
      probe('GET /batches/:id', h.request('GET', `/api/v1/batches/${vetting.id}`, { actor: actors.auditor, api })),
      probe('GET /batches', h.request('GET', '/api/v1/batches', { actor: actors.auditor, api })),
      probe(
        'GET /batches/:id/audit',
        h.request('GET', `/api/v1/batches/${vetting.id}/audit`, { actor: actors.auditor, api }),
      ),
      probe(
        'POST /batches/:id/meetings (Idempotency-Key)',
        h.request('POST', keyedPath, {
          actor: actors.secretary,
          body: meetingBody(),
          headers: { 'idempotency-key': keyedKey },
          api,
        }),
      ),
      probe(
        'POST /batches (Idempotency-Key)',
        h.request('POST', '/api/v1/batches', {
          actor: actors.officer,
          body: batchPlan(newBatch.id, timerScale),
          headers: { 'idempotency-key': newBatchKey },
          api,
        }),
      ),
      probe('GET /readyz', h.request('GET', '/readyz', { api })),
      h.request('GET', `/api/v1/batches/${vetting.id}/live`, { actor: actors.auditor, api }).then((r) => live.push(r)),
    ]);
    // The notice's end (a timer) came meanwhile; its events wait in an activity that keeps retrying.
    const pending = (await h.temporal.workflow.getHandle(`batch-${notice.id}`).describe()).raw.pendingActivities?.[0];
    if (pending)
      pendingActivity = {
        type: pending.activityType?.name ?? '',
        attempt: pending.attempt ?? 0,
        lastFailure: pending.lastFailure?.message ?? '',
      };
    await sleep(2000);
  }
  const health = await h.request('GET', '/healthz');
  await sleep(Math.max(0, outageMs - (Date.now() - outageStart)));
  await h.cluster.postgres.start();
  const outageSeconds = (Date.now() - outageStart) / 1000;
  const backAt = Date.now();

  // ---- what the API said meanwhile: 503 problem+json within the request timeout, every time ----
  const groups = new Map<string, number[]>();
  for (const p of [...probes, ...live.map((reply) => ({ what: 'GET /batches/:id/live', reply }))]) {
    const k = `${p.what} → ${p.reply.status} ${p.reply.body?.code ?? p.reply.error ?? ''}`;
    groups.set(k, [...(groups.get(k) ?? []), p.reply.ms]);
  }
  const whileDown = [...groups].map(([k, ms]) => `${k} ×${ms.length}, max ${Math.max(...ms)} ms`);
  console.log(`[postgres-outage] while down:\n  ${whileDown.join('\n  ')}`);
  for (const { what, reply } of probes) {
    expect([what, reply.status], JSON.stringify(reply.body)).toEqual([what, 503]);
    if (what !== 'GET /readyz') expect(reply.contentType).toContain('application/problem+json');
    expect(reply.ms, `${what} answered within the request timeout`).toBeLessThan(requestTimeoutMs + 2000);
  }
  // The live state comes from Temporal, which is up: 200, or 503 if the API consults PostgreSQL first.
  for (const reply of live) expect([200, 503]).toContain(reply.status);
  expect(health.status).toBe(200);
  expect(pendingActivity?.type).toBe('persistEvents');
  expect(pendingActivity!.attempt, 'retried with backoff during the outage').toBeGreaterThanOrEqual(3);

  // ---- afterwards: the client retries with its keys; everything completes ----
  await notice.waitStage('APPOINTING', 120_000);
  const recoverySeconds = (Date.now() - backAt) / 1000;
  await deciding.command(keyedPath, actors.secretary, meetingBody(), [201], { key: keyedKey });
  await newBatch.command('/api/v1/batches', actors.officer, batchPlan(newBatch.id, timerScale), [201], {
    key: newBatchKey,
  });
  // Did the unkeyed check reach the workflow during the outage? The workflow's own state says; the read model must
  // then hold it (once: the final counts below).
  const state = await h.request('GET', `/api/v1/batches/${vetting.id}/live`, { actor: actors.auditor });
  const c2 = (state.body.candidates as { personId: string; vetting: Record<string, unknown> }[]).find(
    (c) => c.personId === 'c2',
  )!;
  const unkeyedApplied = c2.vetting.ARCHIVE_AUDIT !== undefined;

  await Promise.all([
    (async () => {
      await vetting.vet('c1', 'b1', 4);
      await vetting.vet('c2', 'b2', unkeyedApplied ? 1 : 0);
      await vetting.vet('c3', 'b1');
      await finish(vetting, true);
    })(),
    finish(deciding, false),
    (async () => {
      await notice.appointAll();
      await notice.waitStage('CLOSED');
    })(),
    (async () => {
      await newBatch.vetAll();
      await finish(newBatch, true);
    })(),
  ]);
  for (const d of [vetting, deciding, notice, newBatch]) await expectConsistentClosedBatch(h, d.id);
  const { anomalies, apiCrashes } = watch.since();
  console.log(
    `[postgres-outage] ${JSON.stringify(
      {
        outageSeconds,
        recoverySecondsUntilTheNoticeEnded: recoverySeconds,
        pendingActivity,
        unkeyedCommandReachedTheWorkflow: unkeyedApplied,
        whileDown,
        workerCrashes: h.cluster.workers.map((w, i) => w.crashes - workerCrashes[i]!),
        apiCrashes,
        anomalies,
      },
      null,
      2,
    )}`,
  );
  expect(h.cluster.workers.map((w) => w.crashes)).toEqual(workerCrashes);
  expect(apiCrashes).toEqual(h.cluster.apis.map(() => 0));
  expect(anomalies).toEqual([]);
}

function meetingBody() {
  return meeting(
    'mtg-1',
    ['c1', 'c2', 'c3'].map((personId) => ballots(personId)),
    { members: fiveMembers },
  );
}

async function finish(d: BatchDriver, decide: boolean) {
  if (decide) {
    await d.waitStage('DECIDING');
    await d.decide();
  }
  await d.waitStage('APPOINTING');
  await d.appointAll();
  await d.waitStage('CLOSED');
}
