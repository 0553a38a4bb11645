// The same signal (requestId), the same Idempotency-Key and the same updateId, each delivered twice.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect } from 'vitest';
import { temporalCli } from '../../../runtime/tools';
import { recordCheckUpdate } from '../../../workflows/selection-batch.messages';
import {
  actors,
  BatchDriver,
  candidatesOf,
  expectConsistentClosedBatch,
  faultWatch,
  sleep,
  type FaultCluster,
} from '../harness';

const run = promisify(execFile);
const uid = () => Date.now().toString(36);

export async function duplicatesAppliedOnce(h: FaultCluster) {
  const watch = faultWatch(h);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const auditOf = async (id: string): Promise<any[]> =>
    (await h.request('GET', `/api/v1/batches/${id}/audit`, { actor: actors.auditor })).body.events;
  const d = new BatchDriver(h, `dup-${uid()}`, 1e-5);
  await d.start();
  const handle = h.temporal.workflow.getHandle(`batch-${d.id}`);
  // Opinion reminders (NOTIFICATION) come and go with the scaled timers; every other event is counted.
  const types = async () =>
    (await auditOf(d.id))
      .filter((e) => e.type !== 'NOTIFICATION')
      .map((e) => `${e.type}${e.rejected ? ' (rejected)' : ''}`);
  /** The audit trail once `expected` events are in and a duplicate, if any, would have followed. */
  const settle = async (expected: number) => {
    for (let i = 0; i < 50 && (await types()).length < expected; i++) await sleep(200);
    await sleep(1500);
    return types();
  };
  // The API answers 201 once the workflow has started; its first event reaches the audit trail just after.
  const initial = await settle(1);
  expect(initial).toEqual(['BATCH_STARTED']);

  // 1. A signal sent twice with the same requestId: once by the Temporal client, once by an operator's CLI.
  const signal = {
    personId: 'c1',
    kind: 'ARCHIVE_AUDIT',
    result: 'clear',
    actor: { id: actors.officer.id, roles: actors.officer.roles },
    requestId: `req-${d.id}`,
  };
  await handle.signal('vettingResult', signal);
  // The operator presents a token the server's authorizer lets write on the namespace.
  const operator = await h.cluster.temporalAuth.token({
    sub: 'operator',
    permissions: [`${h.cluster.namespace}:write`],
    ttlSeconds: 600,
  });
  await run(temporalCli, [
    'workflow',
    'signal',
    '--address',
    h.cluster.temporalAddress,
    '--api-key',
    operator,
    '--tls=false',
    '--workflow-id',
    `batch-${d.id}`,
    '--name',
    'vettingResult',
    '--input',
    JSON.stringify(signal),
  ]);
  expect(await settle(2)).toEqual([...initial, ...Array(1).fill('CHECK_RECORDED')]);

  // 2. The same Idempotency-Key twice on one API: the second answer is the stored first one.
  const key = `key-${d.id}`;
  const path = `/api/v1/batches/${d.id}/candidates/c1/checks`;
  const body = { kind: 'PERSONAL_MATTERS', result: 'clear' };
  const first = await h.request('POST', path, {
    actor: actors.officer,
    body,
    headers: { 'idempotency-key': key },
    api: 0,
  });
  const again = await h.request('POST', path, {
    actor: actors.officer,
    body,
    headers: { 'idempotency-key': key },
    api: 0,
  });
  expect([first.status, again.status]).toEqual([201, 201]);
  expect(again.body).toEqual(first.body);
  expect(again.headers.get('idempotent-replayed')).toBe('true');
  expect(await settle(3)).toEqual([...initial, ...Array(2).fill('CHECK_RECORDED')]);

  // 3. The same Idempotency-Key on both API processes at once (a client retrying through a load balancer):
  //    neither has the key stored yet, both send the update with the same updateId, Temporal applies it once.
  const raceKey = `race-${d.id}`;
  const raceBody = { kind: 'PETITION_CHECK', result: 'clear' };
  const [a, b] = await Promise.all(
    [0, 1].map((api) =>
      h.request('POST', path, {
        actor: actors.officer,
        body: raceBody,
        headers: { 'idempotency-key': raceKey },
        api,
      }),
    ),
  );
  expect([a!.status, b!.status]).toEqual([201, 201]);
  expect(a!.body.seq).toBe(b!.body.seq);
  expect(await settle(4)).toEqual([...initial, ...Array(3).fill('CHECK_RECORDED')]);

  // 4. The same updateId twice straight through Temporal.
  const update = {
    personId: 'c1',
    kind: 'DISCIPLINE_OPINION',
    result: 'clear',
    actor: { id: actors.discipline.id, roles: actors.discipline.roles },
  } as const;
  const u1 = await handle.executeUpdate(recordCheckUpdate, { args: [update], updateId: `upd-${d.id}` });
  const u2 = await handle.executeUpdate(recordCheckUpdate, { args: [update], updateId: `upd-${d.id}` });
  expect(u2).toEqual(u1);
  expect(await settle(5)).toEqual([...initial, ...Array(4).fill('CHECK_RECORDED')]);

  const checks = (await auditOf(d.id)).filter((e) => e.type === 'CHECK_RECORDED');
  expect(checks.map((e) => `${e.payload.personId}:${e.payload.kind}`)).toEqual([
    'c1:ARCHIVE_AUDIT',
    'c1:PERSONAL_MATTERS',
    'c1:PETITION_CHECK',
    'c1:DISCIPLINE_OPINION',
  ]);
  expect((await auditOf(d.id)).filter((e) => e.rejected)).toEqual([]);

  // The rest of c1's checks, the other candidates, and on to the end: the counts hold.
  await d.command(
    path,
    { id: 'bs-b1', roles: ['BRANCH_SECRETARY'], branchId: 'b1' },
    { kind: 'BRANCH_OPINION', result: 'clear' },
    [201],
  );
  await d.command(path, actors.secretary, { kind: 'INTEGRITY_CONCLUSION', result: 'clear' }, [201]);
  await d.command(path, actors.discipline, { kind: 'INTEGRITY_CONCLUSION', result: 'clear' }, [201]);
  for (const [personId, branchId] of candidatesOf) if (personId !== 'c1') await d.vet(personId, branchId);
  await d.waitStage('DECIDING');
  await d.decide();
  await d.waitStage('APPOINTING');
  await d.appointAll();
  await d.waitStage('CLOSED');
  await expectConsistentClosedBatch(h, d.id);
  const { anomalies, apiCrashes } = watch.since();
  expect(anomalies).toEqual([]);
  expect(apiCrashes).toEqual(h.cluster.apis.map(() => 0));
}
