// The Temporal server's own authorization (runtime/cluster/temporal-auth.ts): `temporal workflow signal` reaches a
// batch only with a token that grants write on the namespace, signed by the cluster's key; everything else is
// refused by the server, before any workflow sees it.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { generateKeyPair, SignJWT } from 'jose';
import { expect } from 'vitest';
import { temporalCli } from '../../../runtime/tools';
import { actors, BatchDriver, sleep, type FaultCluster } from '../harness';

const run = promisify(execFile);

export async function signalsNeedWriteOnTheNamespace(h: FaultCluster) {
  const d = new BatchDriver(h, `authz-${Date.now().toString(36)}`, 1);
  await d.start();
  const workflowId = `batch-${d.id}`;
  const ns = h.cluster.namespace;
  const mint = (permissions: string[], ttlSeconds = 600) =>
    h.cluster.temporalAuth.token({ sub: 'operator-chen', permissions, ttlSeconds });
  const signal = {
    personId: 'c1',
    kind: 'ARCHIVE_AUDIT',
    result: 'clear',
    actor: { id: actors.officer.id, roles: actors.officer.roles },
  };
  /** Exactly what an operator types, with `credentials` added; its outcome. */
  const cli = async (...credentials: string[]) =>
    run(temporalCli, [
      'workflow',
      'signal',
      '--address',
      h.cluster.temporalAddress,
      ...credentials,
      '--workflow-id',
      workflowId,
      '--name',
      'vettingResult',
      '--input',
      JSON.stringify(signal),
    ]).then(
      () => 'accepted',
      (err: { stderr?: string }) => `refused: ${(err.stderr ?? '').trim().split('\n').at(-1)}`,
    );
  const plain = ['--tls=false'];
  const foreign = await generateKeyPair('ES256');
  const forged = await new SignJWT({ permissions: [`${ns}:write`] })
    .setProtectedHeader({ alg: 'ES256', kid: 'forged' })
    .setSubject('intruder')
    .setExpirationTime('10m')
    .sign(foreign.privateKey);

  const outcomes = {
    'no token': await cli(),
    'a read token': await cli('--api-key', await mint([`${ns}:read`]), ...plain),
    'write on another namespace': await cli('--api-key', await mint(['elsewhere:write']), ...plain),
    'an expired write token': await cli('--api-key', await mint([`${ns}:write`], -60), ...plain),
    'a write token signed by another key': await cli('--api-key', forged, ...plain),
  };
  console.log(`[authorization] ${JSON.stringify(outcomes)}`);
  for (const [who, outcome] of Object.entries(outcomes))
    expect(outcome, who).toMatch(/^refused: .*(Request unauthorized|PermissionDenied|permission denied)/i);

  // None of them reached the batch.
  await sleep(1500);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const events = async (): Promise<any[]> =>
    (await h.request('GET', `/api/v1/batches/${d.id}/audit`, { actor: actors.auditor })).body.events;
  expect((await events()).map((e) => e.type)).toEqual(['BATCH_STARTED']);

  // A reader still reads (the Temporal UI / `workflow describe`), and a writer's signal arrives, marked declared.
  const reader = await mint([`${ns}:read`]);
  const described = await run(temporalCli, [
    'workflow',
    'describe',
    '--address',
    h.cluster.temporalAddress,
    '--api-key',
    reader,
    ...plain,
    '--workflow-id',
    workflowId,
  ]);
  expect(described.stdout).toContain(workflowId);
  expect(await cli('--api-key', await mint([`${ns}:write`]), ...plain)).toBe('accepted');
  for (let i = 0; i < 50 && (await events()).length < 2; i++) await sleep(200);
  expect((await events())[1]).toMatchObject({
    type: 'CHECK_RECORDED',
    actorId: actors.officer.id,
    actorChannel: 'SIGNAL',
    actorDeclared: true,
  });
  await h.temporal.workflow.getHandle(workflowId).terminate('authorization scenario done');
}
