import proto from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Role } from '../../domain/roles';
import { batchBody, startStack, token, uniqueId, type Stack } from '../helpers/stack';
import { decodedValues } from '../helpers/temporal-env';
import { allChecks } from '../helpers/workflow-actors';

type History = proto.temporal.api.history.v1.IHistory;
const HistoryMessage = proto.temporal.api.history.v1.History;

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

const name = '王五';
const reporter = '赵六';
const opinion = '该同志廉洁自律，群众评价好';
const objection = '反映王五同志在原单位工作期间的问题';

const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const actorToken = (actor: { roles: readonly Role[]; id: string; branchId?: string; memberId?: string }) =>
  token([...actor.roles], {
    sub: actor.id,
    ...(actor.branchId ? { branchId: actor.branchId } : {}),
    ...(actor.memberId ? { memberId: actor.memberId } : {}),
  });

/** The history as the server stores it, read over gRPC without any codec, page by page. */
async function rawHistory(workflowId: string): Promise<History> {
  const events: proto.temporal.api.history.v1.IHistoryEvent[] = [];
  let nextPageToken: Uint8Array | undefined;
  do {
    const page = await stack.client.workflowService.getWorkflowExecutionHistory({
      namespace: stack.client.options.namespace,
      execution: { workflowId },
      ...(nextPageToken ? { nextPageToken } : {}),
    });
    events.push(...(page.history?.events ?? []));
    nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
  } while (nextPageToken);
  return { events };
}

const bytesOf = (history: History) => Buffer.from(HistoryMessage.encode(history).finish());

/** A batch of one candidate driven through the API to a public notice with an objection: every kind of payload. */
async function batchWithObjection() {
  const id = uniqueId('enc');
  const body = batchBody(id, {
    positions: [{ id: 'p1', title: '办公室主任', orgUnit: '办公室', level: '正处' }],
    candidates: [{ personId: 'c1', name, branchId: 'b1', positionId: 'p1' }],
    partyGroup: [
      { memberId: 'm1', name: '书记', isSecretary: true },
      { memberId: 'm2', name: '成员二' },
      { memberId: 'm3', name: '成员三' },
    ],
  });
  expect((await stack.request('POST', '/api/v1/batches', { token: await token('ORG_OFFICER'), body })).status).toBe(
    201,
  );
  for (const { actor, personId: _p, ...check } of allChecks('c1', 'b1')) {
    const note = check.kind === 'DISCIPLINE_OPINION' ? { note: opinion } : {};
    const res = await stack.request('POST', `/api/v1/batches/${id}/candidates/c1/checks`, {
      token: await actorToken(actor),
      body: { ...check, ...note },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  }
  const meeting = await stack.request('POST', `/api/v1/batches/${id}/meetings`, {
    token: await token(['PARTY_GROUP_SECRETARY', 'PARTY_GROUP_MEMBER'], { sub: 'm1', memberId: 'm1' }),
    body: {
      meetingId: 'mtg-1',
      heldOn: today(),
      attendance: ['m1', 'm2', 'm3'],
      votes: [{ personId: 'c1', ballots: ['m2', 'm3', 'm1'].map((memberId) => ({ memberId, vote: 'AGREE' })) }],
    },
  });
  expect(meeting.status, JSON.stringify(meeting.body)).toBe(201);
  const auditor = await token('AUDITOR');
  await expect
    .poll(async () => (await stack.request('GET', `/api/v1/batches/${id}`, { token: auditor })).body.stage, {
      timeout: 20_000,
      interval: 200,
    })
    .toBe('PUBLICITY');
  const filed = await stack.request('POST', `/api/v1/batches/${id}/candidates/c1/objections`, {
    body: { content: objection, reporterName: reporter },
  });
  expect(filed.status, JSON.stringify(filed.body)).toBe(201);
  return `batch-${id}`;
}

describe('Temporal payload encryption', () => {
  describe('POST /api/v1/batches and the steps after it', () => {
    test('when the history is fetched raw from the server, it holds no candidate name, opinion or objection text', async () => {
      const workflowId = await batchWithObjection();
      const history = await rawHistory(workflowId);
      const raw = bytesOf(history);
      for (const secret of [name, reporter, opinion, objection])
        expect(raw.includes(Buffer.from(secret)), secret).toBe(false);

      // Not vacuous: the name is in the history, encrypted; the API's codec reads it back.
      const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
      const [input] = await decodedValues(stack.client, started?.input?.payloads);
      expect(JSON.stringify(input)).toContain(name);
    });

    test('when the UI shows the summary, details, current details and search attributes, they carry ids, not names', async () => {
      const workflowId = await batchWithObjection();
      const handle = stack.client.workflow.getHandle(workflowId);
      const description = await handle.describe();
      const metadata = await handle.query<{ currentDetails?: string }>('__temporal_workflow_metadata');
      const shown = JSON.stringify([
        await description.staticSummary(),
        await description.staticDetails(),
        metadata.currentDetails,
        description.searchAttributes,
        description.typedSearchAttributes,
      ]);
      expect(shown).toContain('PUBLICITY');
      for (const secret of [name, reporter, opinion, objection]) expect(shown, secret).not.toContain(secret);
    });
  });
});
