import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { withdrawSignal, holdSignal } from '../../workflows/selection-batch.messages';
import { startStack, testSecret, token, uniqueId, type Stack } from '../helpers/stack';
import { batchBody, discipline } from '../../testkit';

// One deployment where every human step goes through the API: ROLE_SIGNALS=refuse.
let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ env: { ROLE_SIGNALS: 'refuse' } });
});
afterAll(async () => {
  await stack?.stop();
});

async function startBatch() {
  const id = uniqueId('ident');
  const res = await stack.request('POST', '/api/v1/batches', {
    token: await token('ORG_OFFICER', { sub: 'officer-li' }),
    body: batchBody(id),
  });
  expect(res.status).toBe(201);
  return id;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function audit(id: string): Promise<any[]> {
  const res = await stack.request('GET', `/api/v1/batches/${id}/audit`, { token: await token('AUDITOR') });
  expect(res.status).toBe(200);
  expect(res.body.chain.verified).toBe(true);
  return res.body.events;
}

/** A token as an identity provider could mint it: claims as given, `exp` / `iat` in seconds from now or none. */
function rawToken(claims: Record<string, unknown>, { exp, iat }: { exp?: number; iat?: number }) {
  const now = Math.floor(Date.now() / 1000);
  let jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('someone');
  if (iat !== undefined) jwt = jwt.setIssuedAt(now + iat);
  if (exp !== undefined) jwt = jwt.setExpirationTime(now + exp);
  return jwt.sign(new TextEncoder().encode(testSecret));
}

describe('identity', () => {
  describe('POST /batches/:id/candidates/:personId/withdrawal', () => {
    test('when an AUDITOR whose login id equals the candidate’s staff number asks, it is refused (403 role.forbidden)', async () => {
      const id = await startBatch();
      const res = await stack.request('POST', `/api/v1/batches/${id}/candidates/c1/withdrawal`, {
        token: await token('AUDITOR', { sub: 'c1' }),
        body: { reason: '本人申请', initiator: 'CANDIDATE' },
      });
      expect([res.status, res.body.code]).toEqual([403, 'role.forbidden']);
    });

    test('when the candidate asks with a token bound to them by the personId claim, it is recorded as theirs, through the API', async () => {
      const id = await startBatch();
      const res = await stack.request('POST', `/api/v1/batches/${id}/candidates/c1/withdrawal`, {
        token: await token([], { sub: 'login-7', personId: 'c1' }),
        body: { reason: '本人申请' },
      });
      expect(res.status).toBe(200);
      const withdrawn = (await audit(id)).find((e) => e.type === 'WITHDRAWN');
      expect(withdrawn).toMatchObject({
        actorId: 'login-7',
        actorRole: 'PUBLIC',
        actorChannel: 'API',
        actorDeclared: false,
        payload: { personId: 'c1', initiator: 'CANDIDATE' },
      });
    });
  });

  describe('bearer tokens', () => {
    test('when a token has no exp, it is refused (401) and says why', async () => {
      const res = await stack.request('GET', '/api/v1/batches', {
        token: await rawToken({ roles: ['AUDITOR'] }, { iat: 0 }),
      });
      expect([res.status, res.body.code]).toEqual([401, 'auth.unauthenticated']);
      expect(res.body.detail).toMatch(/exp/);
    });

    test('when a token lives longer than AUTH_MAX_TOKEN_LIFETIME, it is refused (401)', async () => {
      const res = await stack.request('GET', '/api/v1/batches', {
        token: await rawToken({ roles: ['AUDITOR'] }, { iat: 0, exp: 400 * 24 * 3600 }),
      });
      expect([res.status, res.body.code]).toEqual([401, 'auth.unauthenticated']);
      expect(res.body.detail).toMatch(/lifetime/);
    });
  });

  describe('signals under ROLE_SIGNALS=refuse', () => {
    test('when a batch started by this API gets a role-bearing signal, the audit trail shows it rejected (channel.disabled) with its declared actor marked as declared', async () => {
      const id = await startBatch();
      const handle = stack.client.workflow.getHandle(`batch-${id}`);
      await handle.signal(holdSignal, { reason: '核查', actor: discipline });
      await handle.signal(withdrawSignal, {
        personId: 'c1',
        reason: '本人申请',
        initiator: 'CANDIDATE',
        actor: { id: 'login-7', roles: [], personId: 'c1' },
      });
      await expect.poll(async () => (await audit(id)).filter((e) => e.rejected).length, { timeout: 10_000 }).toBe(2);
      const events = await audit(id);
      expect(events.filter((e) => e.rejected)).toMatchObject([
        {
          type: 'SIGNAL_REJECTED',
          actorId: 'discipline-zhao',
          actorRole: 'DISCIPLINE_GROUP',
          actorChannel: 'SIGNAL',
          actorDeclared: true,
          payload: { signal: 'hold', refusal: { code: 'channel.disabled' } },
        },
        {
          type: 'SIGNAL_REJECTED',
          actorId: 'login-7',
          actorChannel: 'SIGNAL',
          actorDeclared: true,
          payload: { signal: 'withdraw', refusal: { code: 'channel.disabled' } },
        },
      ]);
      expect(events[0]).toMatchObject({
        type: 'BATCH_STARTED',
        actorId: 'officer-li',
        actorChannel: 'API',
        payload: { roleSignals: 'refuse' },
      });
      const detail = await stack.request('GET', `/api/v1/batches/${id}`, { token: await token('AUDITOR') });
      expect(detail.body.holds ?? []).toEqual([]);
      expect(detail.body.candidates.find((c: { personId: string }) => c.personId === 'c1').state).toBe(
        'UNDER_INSPECTION',
      );
    });
  });

  describe('problem types', () => {
    test('when a request is refused, its problem type is a page this service serves, with an anchor for the code', async () => {
      const res = await stack.request('GET', '/api/v1/batches');
      expect(res.status).toBe(401);
      expect(res.body.type).toBe('/docs/problems#auth.unauthenticated');
      const page = await stack.request('GET', '/docs/problems');
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/text\/html/);
      expect(page.body).toContain('id="auth.unauthenticated"');
    });
  });
});
