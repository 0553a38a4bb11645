import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startStack, token, uniqueId, type Stack } from '../helpers/stack';
import { batchBody } from '../../testkit';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

describe('API contract', () => {
  describe('Idempotency-Key', () => {
    test('when a POST is retried with the same key, the original response comes back and nothing runs twice', async () => {
      const officer = await token('ORG_OFFICER', { sub: 'idem-officer' });
      const key = uniqueId('key');
      const body = batchBody(uniqueId('idem'));
      const first = await stack.request('POST', '/api/v1/batches', {
        token: officer,
        body,
        headers: { 'Idempotency-Key': key },
      });
      const retry = await stack.request('POST', '/api/v1/batches', {
        token: officer,
        body,
        headers: { 'Idempotency-Key': key },
      });
      expect(first.status).toBe(201);
      expect(retry.status).toBe(201);
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
      expect(retry.body).toEqual(first.body);
      const runs: string[] = [];
      for await (const wf of stack.client.workflow.list({ query: `WorkflowId='batch-${body.id}'` }))
        runs.push(wf.runId);
      expect(runs).toHaveLength(1);
    });

    test('when the same key comes with a different body, 422 idempotency.key_reused', async () => {
      const officer = await token('ORG_OFFICER', { sub: 'idem-officer-2' });
      const key = uniqueId('key');
      await stack.request('POST', '/api/v1/batches', {
        token: officer,
        body: batchBody(uniqueId('a')),
        headers: { 'Idempotency-Key': key },
      });
      const other = await stack.request('POST', '/api/v1/batches', {
        token: officer,
        body: batchBody(uniqueId('b')),
        headers: { 'Idempotency-Key': key },
      });
      expect([other.status, other.body.code]).toEqual([422, 'idempotency.key_reused']);
    });

    test('when a command is retried with the same key, it is applied once', async () => {
      const officer = await token('ORG_OFFICER', { sub: 'idem-officer-3' });
      const id = uniqueId('idemcmd');
      expect((await stack.request('POST', '/api/v1/batches', { token: officer, body: batchBody(id) })).status).toBe(
        201,
      );
      const check = { kind: 'ARCHIVE_AUDIT', result: 'clear' };
      const key = uniqueId('key');
      const first = await stack.request('POST', `/api/v1/batches/${id}/candidates/c1/checks`, {
        token: officer,
        body: check,
        headers: { 'Idempotency-Key': key },
      });
      const retry = await stack.request('POST', `/api/v1/batches/${id}/candidates/c1/checks`, {
        token: officer,
        body: check,
        headers: { 'Idempotency-Key': key },
      });
      expect(first.status).toBe(201);
      expect(retry.body).toEqual(first.body);
      const audit = await stack.request('GET', `/api/v1/batches/${id}/audit`, { token: await token('AUDITOR') });
      expect(audit.body.events.filter((e: { type: string }) => e.type === 'CHECK_RECORDED')).toHaveLength(1);
    });
  });

  describe('errors', () => {
    test('when text carries U+0000 (which PostgreSQL cannot store), 400 names the field and nothing stalls', async () => {
      const officer = await token('ORG_OFFICER');
      const id = uniqueId('nul');
      const bad = await stack.request('POST', '/api/v1/batches', {
        token: officer,
        body: batchBody(id, { title: 'a\u0000b' }),
      });
      expect([bad.status, bad.body.errors?.[0]?.path]).toEqual([400, 'title']);
      expect((await stack.request('GET', '/api/v1/batches/x%00y', { token: officer })).status).toBe(400);
      expect((await stack.request('POST', '/api/v1/batches', { token: officer, body: batchBody(id) })).status).toBe(
        201,
      );
      const handle = stack.client.workflow.getHandle(`batch-${id}`);
      await handle.signal('vettingResult', {
        personId: 'c1',
        kind: 'ARCHIVE_AUDIT',
        result: 'clear',
        note: 'x\u0000',
        actor: { id: 'o', roles: ['ORG_OFFICER'] },
      });
      const check = await stack.request('POST', `/api/v1/batches/${id}/candidates/c1/checks`, {
        token: officer,
        body: { kind: 'ARCHIVE_AUDIT', result: 'clear' },
      });
      expect(check.status).toBe(201);
      const audit = await stack.request('GET', `/api/v1/batches/${id}/audit`, { token: await token('AUDITOR') });
      expect(audit.body.events.map((e: { type: string }) => e.type)).toEqual([
        'BATCH_STARTED',
        'SIGNAL_REJECTED',
        'CHECK_RECORDED',
      ]);
    });

    test('when the body is larger than 1 MB, 413 problem+json', async () => {
      const res = await stack.request('POST', '/api/v1/batches', {
        token: await token('ORG_OFFICER'),
        body: JSON.stringify({ title: 'x'.repeat(1_100_000) }),
      });
      expect([res.status, res.body.code]).toEqual([413, 'request.too_large']);
    });

    test('when the body is not JSON, 415 problem+json', async () => {
      const res = await stack.request('POST', '/api/v1/batches', {
        token: await token('ORG_OFFICER'),
        body: 'title=x',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect([res.status, res.body.code]).toEqual([415, 'request.unsupported_media_type']);
    });

    test('when a route does not exist, 404 problem+json with a request id', async () => {
      const res = await stack.request('GET', '/api/v1/nothing-here', { token: await token('AUDITOR') });
      expect(res.status).toBe(404);
      expect(res.body.requestId).toBe(res.headers.get('x-request-id'));
    });
  });

  describe('confidentiality', () => {
    test('when a reader without the right role reads a batch, opinions and objections stay hidden', async () => {
      const officer = await token('ORG_OFFICER', { sub: 'conf-officer' });
      const id = uniqueId('conf');
      expect((await stack.request('POST', '/api/v1/batches', { token: officer, body: batchBody(id) })).status).toBe(
        201,
      );
      const check = { kind: 'PETITION_CHECK', result: 'issues_not_affecting', note: '反映问题经核查属一般性问题' };
      expect(
        (await stack.request('POST', `/api/v1/batches/${id}/candidates/c1/checks`, { token: officer, body: check }))
          .status,
      ).toBe(201);
      const asAuditor = await stack.request('GET', `/api/v1/batches/${id}`, { token: await token('AUDITOR') });
      const asBranch = await stack.request('GET', `/api/v1/batches/${id}`, {
        token: await token('BRANCH_SECRETARY', { branchId: 'b1' }),
      });
      expect(asAuditor.body.candidates[0].checks[0].note).toBe(check.note);
      expect(asBranch.body.candidates[0].checks[0]).toMatchObject({ kind: 'PETITION_CHECK' });
      expect(JSON.stringify(asBranch.body)).not.toContain(check.note);
      expect(asBranch.body.notifications).toBeUndefined();
    });
  });

  describe('public objections', () => {
    test('when one address files too many objections, 429 problem+json with Retry-After', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) {
        const res = await stack.request('POST', `/api/v1/batches/${uniqueId('none')}/candidates/c1/objections`, {
          body: { content: '反映问题' },
        });
        statuses.push(res.status);
        if (res.status === 429) {
          expect(res.body.code).toBe('rate.limited');
          expect(res.headers.get('retry-after')).toBeTruthy();
        }
      }
      expect(statuses.slice(0, 10).every((s) => s === 404)).toBe(true);
      expect(statuses.slice(10)).toEqual([429, 429]);
    });
  });

  describe('hardening', () => {
    test('when any response goes out, it carries security headers', async () => {
      const res = await stack.request('GET', '/healthz');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('strict-transport-security')).toBeTruthy();
      expect(res.headers.get('x-powered-by')).toBeNull();
    });
  });
});
