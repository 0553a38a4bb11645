import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BatchStage } from '../../workflows/search-attributes';
import { stateQuery } from '../../workflows/selection-batch.messages';
import { startStack, token, uniqueId, type Stack } from '../helpers/stack';
import { batchBody } from '../../testkit';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

describe('batches API', () => {
  describe('POST /api/v1/batches', () => {
    test('when an ORG_OFFICER starts a batch, it is persisted, queryable and findable by BatchStage', async () => {
      const id = uniqueId('b');
      const officer = await token('ORG_OFFICER', { sub: 'officer-li' });
      const created = await stack.request('POST', '/api/v1/batches', { token: officer, body: batchBody(id) });
      expect(created.status).toBe(201);
      expect(created.headers.get('location')).toBe(`/api/v1/batches/${id}`);
      expect(created.body).toMatchObject({
        id,
        workflowId: `batch-${id}`,
        stage: 'INSPECTING',
        createdBy: 'officer-li',
      });

      const read = await stack.request('GET', `/api/v1/batches/${id}`, { token: officer });
      expect(read.status).toBe(200);
      expect(read.body.positions.map((p: { id: string }) => p.id)).toEqual(['p1', 'p2']);
      expect(read.body.candidates).toHaveLength(2);
      expect(read.body.candidates[0]).toMatchObject({ personId: 'c1', state: 'UNDER_INSPECTION' });

      const handle = stack.client.workflow.getHandle(`batch-${id}`);
      const state = await handle.query(stateQuery);
      expect(state).toMatchObject({ id, stage: 'INSPECTING' });
      const description = await handle.describe();
      expect(description.typedSearchAttributes.get(BatchStage)).toBe('INSPECTING');

      await expect
        .poll(
          async () => {
            const ids: string[] = [];
            for await (const wf of stack.client.workflow.list({
              query: `BatchStage='INSPECTING' AND WorkflowId='batch-${id}'`,
            }))
              ids.push(wf.workflowId);
            return ids;
          },
          { timeout: 10_000 },
        )
        .toEqual([`batch-${id}`]);

      // The audit trail is written by the workflow's first activity, a moment after the API answered.
      const auditor = await token('AUDITOR');
      await expect
        .poll(async () => (await stack.request('GET', `/api/v1/batches/${id}/audit`, { token: auditor })).body.chain)
        .toEqual({ verified: true, length: 1 });
      const audit = await stack.request('GET', `/api/v1/batches/${id}/audit`, { token: auditor });
      expect(audit.body.events[0]).toMatchObject({ seq: 1, type: 'BATCH_STARTED', actorId: 'officer-li' });
    });

    test('when the same batch id is started twice, the second gets 409 and no second workflow runs', async () => {
      const id = uniqueId('dup');
      const officer = await token('ORG_OFFICER');
      const first = await stack.request('POST', '/api/v1/batches', { token: officer, body: batchBody(id) });
      expect(first.status).toBe(201);
      const second = await stack.request('POST', '/api/v1/batches', { token: officer, body: batchBody(id) });
      expect(second.status).toBe(409);
      expect(second.headers.get('content-type')).toContain('application/problem+json');
      expect(second.body.code).toBe('batch.already_exists');
      const runs: string[] = [];
      for await (const wf of stack.client.workflow.list({ query: `WorkflowId='batch-${id}'` })) runs.push(wf.runId);
      expect(runs).toHaveLength(1);
    });

    test('when the body is malformed, 400 problem+json names the field', async () => {
      const body = batchBody(uniqueId('bad'), { year: 'next year', unexpected: true });
      const res = await stack.request('POST', '/api/v1/batches', { token: await token('ORG_OFFICER'), body });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body.code).toBe('request.invalid');
      const paths = res.body.errors.map((e: { path: string }) => e.path);
      expect(paths).toContain('year');
      expect(paths).toContain('unexpected');
    });

    test('when a candidate names an unknown position, 400 names candidates.0.positionId', async () => {
      const body = batchBody(uniqueId('bad'));
      body.candidates[0]!.positionId = 'nope';
      const res = await stack.request('POST', '/api/v1/batches', { token: await token('ORG_OFFICER'), body });
      expect(res.status).toBe(400);
      expect(res.body.errors).toContainEqual({ path: 'candidates.0.positionId', message: 'unknown position' });
    });

    test('when the JSON does not parse, 400 request.malformed_json', async () => {
      const res = await stack.request('POST', '/api/v1/batches', {
        token: await token('ORG_OFFICER'),
        body: '{"title":',
      });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('request.malformed_json');
    });

    test('when no token is sent, 401 problem+json', async () => {
      const res = await stack.request('POST', '/api/v1/batches', { body: batchBody(uniqueId('anon')) });
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('auth.unauthenticated');
    });

    test('when the token is forged, 401', async () => {
      const res = await stack.request('GET', '/api/v1/batches', { token: 'eyJhbGciOiJIUzI1NiJ9.e30.bad' });
      expect(res.status).toBe(401);
    });

    test('when a BRANCH_SECRETARY starts a batch, 403 problem+json', async () => {
      const res = await stack.request('POST', '/api/v1/batches', {
        token: await token('BRANCH_SECRETARY', { branchId: 'b1' }),
        body: batchBody(uniqueId('forbidden')),
      });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('auth.forbidden');
    });
  });

  describe('GET /api/v1/batches', () => {
    test('when batches exist, they are listed newest first and filterable, with a cursor', async () => {
      const officer = await token('ORG_OFFICER');
      const orgUnit = uniqueId('unit');
      for (const n of [1, 2, 3]) {
        const res = await stack.request('POST', '/api/v1/batches', {
          token: officer,
          body: batchBody(uniqueId(`l${n}`), { orgUnit }),
        });
        expect(res.status).toBe(201);
      }
      const page1 = await stack.request('GET', `/api/v1/batches?orgUnit=${orgUnit}&limit=2`, { token: officer });
      expect(page1.status).toBe(200);
      expect(page1.body.items).toHaveLength(2);
      const page2 = await stack.request(
        'GET',
        `/api/v1/batches?orgUnit=${orgUnit}&limit=2&cursor=${page1.body.nextCursor}`,
        { token: officer },
      );
      expect(page2.body.items).toHaveLength(1);
      expect(page2.body.nextCursor).toBeNull();
      const all = [...page1.body.items, ...page2.body.items].map((b: { title: string; id: string }) => b.id);
      expect(new Set(all).size).toBe(3);
    });

    test('when a filter value is invalid, 400 names the parameter', async () => {
      const res = await stack.request('GET', '/api/v1/batches?stage=NOPE', { token: await token('AUDITOR') });
      expect(res.status).toBe(400);
      expect(res.body.errors[0].path).toBe('stage');
    });
  });

  describe('GET /api/v1/batches/:id', () => {
    test('when the batch does not exist, 404 batch.not_found', async () => {
      const res = await stack.request('GET', '/api/v1/batches/none', { token: await token('AUDITOR') });
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('batch.not_found');
    });
  });

  describe('health', () => {
    test('when Postgres and Temporal are up, /healthz and /readyz answer 200', async () => {
      expect((await stack.request('GET', '/healthz')).status).toBe(200);
      const ready = await stack.request('GET', '/readyz');
      expect(ready.status).toBe(200);
      expect(ready.body).toMatchObject({ postgres: 'ok', temporal: 'ok' });
    });
  });
});
