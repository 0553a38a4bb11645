import proto from '@temporalio/proto';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { loadConfig } from '../../config/config';
import type { Role } from '../../domain/roles';
import { startApiServer } from '../../runtime/api-server';
import { temporalCli } from '../../runtime/tools';
import { startStack, testAuth, testSecret, token, uniqueId, type Stack } from '../helpers/stack';
import { decodedValues, testPayloadKeys } from '../helpers/temporal-env';
import { allChecks, ballots, batchBody, meeting as meetingOf, partyGroup, positions } from '../../testkit';

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

const threeMembers = ['m1', 'm2', 'm3'];
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
    positions: [positions.office],
    candidates: [{ personId: 'c1', name, branchId: 'b1', positionId: 'p1' }],
    partyGroup: partyGroup(threeMembers),
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
    body: meetingOf('mtg-1', [ballots('c1', { members: threeMembers })], { members: threeMembers }),
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

const uiOrigin = 'http://localhost:8233';
const json = (value: unknown) => ({ metadata: { encoding: b64('json/plain') }, data: b64(JSON.stringify(value)) });
const b64 = (text: string) => Buffer.from(text).toString('base64');
const valueOf = (payload: { data?: string }) => JSON.parse(Buffer.from(payload.data ?? '', 'base64').toString('utf8'));

/** Temporal's remote codec protocol, as the Temporal UI and `temporal --codec-endpoint` call it. */
async function codec(
  url: string,
  action: 'encode' | 'decode',
  payloads: unknown[],
  headers: Record<string, string> = {},
) {
  const res = await fetch(`${url}/codec/${action}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-namespace': 'default', ...headers },
    body: JSON.stringify({ payloads }),
  });
  const text = await res.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const body: any = text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
  return { status: res.status, headers: res.headers, body };
}
const bearer = async (role: Role) => ({ authorization: `Bearer ${await token(role)}` });

describe('codec endpoint', () => {
  describe('POST /codec/encode, POST /codec/decode', () => {
    test('when a reader encodes a payload and decodes it back, the ciphertext hides it and the decoded one is the original', async () => {
      const encoded = await codec(stack.api.url, 'encode', [json({ name })], await bearer('ORG_OFFICER'));
      expect(encoded.status, JSON.stringify(encoded.body)).toBe(200);
      expect(encoded.body.payloads).toHaveLength(1);
      expect(Buffer.from(encoded.body.payloads[0].data, 'base64').includes(Buffer.from(name))).toBe(false);
      expect(Buffer.from(encoded.body.payloads[0].metadata.encoding, 'base64').toString()).toBe('binary/encrypted');

      const decoded = await codec(stack.api.url, 'decode', encoded.body.payloads, await bearer('AUDITOR'));
      expect(decoded.status).toBe(200);
      expect(valueOf(decoded.body.payloads[0])).toEqual({ name });
      expect(Buffer.from(decoded.body.payloads[0].metadata.encoding, 'base64').toString()).toBe('json/plain');
    });

    test('when it decodes a workflow input from the history, the UI sees the candidate names', async () => {
      const workflowId = await batchWithObjection();
      const started = (await rawHistory(workflowId)).events?.[0]?.workflowExecutionStartedEventAttributes;
      const payloads = (started?.input?.payloads ?? []).map((p) => ({
        metadata: Object.fromEntries(
          Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
        ),
        data: Buffer.from(p.data ?? []).toString('base64'),
      }));
      const decoded = await codec(stack.api.url, 'decode', payloads, await bearer('DISCIPLINE_GROUP'));
      expect(decoded.status).toBe(200);
      expect(JSON.stringify(valueOf(decoded.body.payloads[0]))).toContain(name);
    });

    test('when a payload is in clear (from before encryption), decode returns it unchanged', async () => {
      const plain = json({ name });
      const decoded = await codec(stack.api.url, 'decode', [plain], await bearer('AUDITOR'));
      expect([decoded.status, decoded.body.payloads]).toEqual([200, [plain]]);
    });

    test('when an encrypted payload was tampered with, 422 payload.undecodable', async () => {
      const encoded = await codec(stack.api.url, 'encode', [json({ name })], await bearer('ORG_OFFICER'));
      const data = Buffer.from(encoded.body.payloads[0].data, 'base64');
      data[20]! ^= 1;
      const decoded = await codec(
        stack.api.url,
        'decode',
        [{ ...encoded.body.payloads[0], data: data.toString('base64') }],
        await bearer('AUDITOR'),
      );
      expect([decoded.status, decoded.body.code]).toEqual([422, 'payload.undecodable']);
    });

    test('when the body is not a list of payloads, 400 names the field', async () => {
      const res = await codec(stack.api.url, 'decode', [{ data: 'not base64!' }], await bearer('AUDITOR'));
      expect([res.status, res.body.code]).toEqual([400, 'request.invalid']);
      expect(res.body.errors).toContainEqual(expect.objectContaining({ path: 'payloads.0.data' }));
    });

    test('when a role that may not read a batch in full (its notes, votes, objections) decodes, 403; it may still encode', async () => {
      const encoded = await codec(stack.api.url, 'encode', [json({ name })], await bearer('BRANCH_SECRETARY'));
      expect(encoded.status).toBe(200);
      for (const role of ['BRANCH_SECRETARY', 'PARTY_GROUP_MEMBER', 'PARTY_GROUP_SECRETARY'] as const) {
        const res = await codec(stack.api.url, 'decode', encoded.body.payloads, await bearer(role));
        expect([res.status, res.body.code], role).toEqual([403, 'auth.forbidden']);
      }
    });

    test('when no token or a bad one is sent, 401, even from the UI origin', async () => {
      const encoded = await codec(stack.api.url, 'encode', [json({ name })], await bearer('ORG_OFFICER'));
      for (const headers of [{}, { origin: uiOrigin }, { authorization: 'Bearer nope' }] as Record<string, string>[]) {
        const res = await codec(stack.api.url, 'decode', encoded.body.payloads, headers);
        expect([res.status, res.body.code], JSON.stringify(headers)).toEqual([401, 'auth.unauthenticated']);
      }
    });
  });

  describe('OPTIONS /codec/decode', () => {
    test("when the Temporal UI's origin asks, the preflight allows POST with Authorization and X-Namespace; another origin is not allowed", async () => {
      const api = await startApiServer({
        config: loadConfig({ AUTH_JWT_SECRET: testSecret, TEMPORAL_PAYLOAD_KEYS: testPayloadKeys }),
        databaseUrl: inject('databaseUrl'),
        temporalAddress: inject('temporalAddress'),
        temporalUiUrl: `${uiOrigin}/namespaces/default`,
        auth: testAuth,
        logger: pino({ level: 'silent' }),
        port: 0,
      });
      try {
        const preflight = (origin: string) =>
          fetch(`${api.url}/codec/decode`, {
            method: 'OPTIONS',
            headers: {
              origin,
              'access-control-request-method': 'POST',
              'access-control-request-headers': 'authorization,content-type,x-namespace',
            },
          });
        const allowed = await preflight(uiOrigin);
        expect(allowed.status).toBe(204);
        expect(allowed.headers.get('access-control-allow-origin')).toBe(uiOrigin);
        expect(allowed.headers.get('access-control-allow-methods')).toContain('POST');
        expect(allowed.headers.get('access-control-allow-headers')?.toLowerCase().split(',')).toEqual(
          expect.arrayContaining(['authorization', 'content-type', 'x-namespace']),
        );
        const other = await preflight('http://evil.example');
        expect(other.headers.get('access-control-allow-origin')).toBeNull();
      } finally {
        await api.stop();
      }
    });
  });

  describe('POST /codec/decode on the dev stack (npm start)', () => {
    test('when the dev UI (no sign-in) asks from its own origin on this machine, it decodes without a token; any other origin gets 401', async () => {
      const api = await startApiServer({
        databaseUrl: inject('databaseUrl'),
        temporalAddress: inject('temporalAddress'),
        temporalUiUrl: uiOrigin,
        codecWithoutTokenFromUi: true,
        config: loadConfig({
          AUTH_JWT_SECRET: testSecret,
          TEMPORAL_PAYLOAD_KEYS: testPayloadKeys,
          CORS_ORIGINS: 'http://localhost:5173',
        }),
        auth: testAuth,
        logger: pino({ level: 'silent' }),
        port: 0,
      });
      try {
        const encoded = await codec(api.url, 'encode', [json({ name })], await bearer('ORG_OFFICER'));
        for (const origin of [uiOrigin, 'http://127.0.0.1:8233']) {
          const res = await codec(api.url, 'decode', encoded.body.payloads, { origin });
          expect(res.status, origin).toBe(200);
          expect(valueOf(res.body.payloads[0])).toEqual({ name });
        }
        // CORS_ORIGINS (a web app's) may call with a token, never without one.
        for (const headers of [{}, { origin: 'http://evil.example' }, { origin: 'http://localhost:5173' }] as Record<
          string,
          string
        >[]) {
          const res = await codec(api.url, 'decode', encoded.body.payloads, headers);
          expect(res.status, JSON.stringify(headers)).toBe(401);
        }
      } finally {
        await api.stop();
      }
    });
  });
});

describe('temporal CLI', () => {
  describe('temporal workflow query --codec-endpoint', () => {
    test('when given the codec endpoint and a token, as docs/operators.md says, it prints the decoded state, opinions included; without them it cannot', async () => {
      const workflowId = await batchWithObjection();
      const query = (env: Record<string, string>) =>
        promisify(execFile)(
          temporalCli,
          ['workflow', 'query', '--address', inject('temporalAddress'), '--workflow-id', workflowId, '--name', 'state'],
          { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env } },
        );
      const decoded = await query({
        TEMPORAL_CODEC_ENDPOINT: `${stack.api.url}/codec`,
        TEMPORAL_CODEC_AUTH: `Bearer ${await token('AUDITOR')}`,
      });
      expect(decoded.stdout).toContain(opinion);
      expect(decoded.stdout).toContain('PUBLICITY');
      const raw = await query({}).then(
        ({ stdout }) => stdout,
        (err: { stdout?: string; stderr?: string }) => `${err.stdout ?? ''}${err.stderr ?? ''}`,
      );
      expect(raw).not.toContain(opinion);
    });
  });
});
