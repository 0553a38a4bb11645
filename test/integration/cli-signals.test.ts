import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { temporalCli } from '../../runtime/tools';
import { startStack, token, uniqueId, type Stack } from '../helpers/stack';
import { allChecks, batchBody, officer, secretary, unanimousMeeting } from '../../testkit';

const run = promisify(execFile);
let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

/** Exactly what an operator types: `temporal workflow signal --workflow-id … --name … --input '<json>'`. */
async function signal(workflowId: string, name: string, input: unknown) {
  await run(temporalCli, [
    'workflow',
    'signal',
    '--address',
    inject('temporalAddress'),
    '--workflow-id',
    workflowId,
    '--name',
    name,
    '--input',
    JSON.stringify(input),
  ]);
}

describe('signals from the temporal CLI', () => {
  test('when a batch is driven by `temporal workflow signal` with plain JSON, it reaches CLOSED', async () => {
    const id = uniqueId('cli');
    const body = { ...batchBody(id), ruleset: { timerScale: 0.000001 } };
    expect((await stack.request('POST', '/api/v1/batches', { token: await token('ORG_OFFICER'), body })).status).toBe(
      201,
    );
    const workflowId = `batch-${id}`;
    for (const [personId, branchId] of [
      ['c1', 'b1'],
      ['c2', 'b2'],
    ] as const)
      for (const check of allChecks(personId, branchId)) {
        const { kind, ...rest } = check;
        if (kind === 'BRANCH_OPINION') await signal(workflowId, 'partyBranchOpinion', rest);
        else if (kind === 'DISCIPLINE_OPINION') await signal(workflowId, 'disciplineOpinion', rest);
        else await signal(workflowId, 'vettingResult', check);
      }
    await signal(workflowId, 'partyGroupDecision', {
      ...unanimousMeeting('cli-meeting', ['c1', 'c2']),
      actor: secretary,
    });
    const auditor = await token('AUDITOR');
    const read = async () => (await stack.request('GET', `/api/v1/batches/${id}`, { token: auditor })).body;
    await expect.poll(async () => (await read()).stage, { timeout: 20_000, interval: 200 }).toBe('APPOINTING');
    const endsOn: string = (await read()).publicity[0].endsOn;
    const noticeDate = new Date(Date.parse(`${endsOn}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    for (const personId of ['c1', 'c2'])
      await signal(workflowId, 'appoint', {
        personId,
        documentNo: `局党组〔2026〕${personId}号`,
        noticeDate,
        actor: officer,
      });
    await expect.poll(async () => (await read()).stage, { timeout: 20_000, interval: 200 }).toBe('CLOSED');
    const audit = await stack.request('GET', `/api/v1/batches/${id}/audit`, { token: auditor });
    expect(audit.body.chain.verified).toBe(true);
    expect(audit.body.events.filter((e: { rejected: boolean }) => e.rejected)).toEqual([]);
  }, 90_000);
});
