import { Router } from 'express';
import { z } from 'zod';
import { batchKinds, batchStages, startBatchSchema } from '../domain/batch';
import { defaultRuleset, scaledTimers } from '../domain/ruleset';
import type { SelectionBatchInput } from '../domain/selection';
import { orgStaff, readers } from '../domain/roles';
import { auditTrailSchema } from '../domain/views/audit';
import { batchDetailSchema, batchListSchema, batchStartedSchema } from '../domain/views/batches';
import { createBatchesRepository } from '../db/batches.repository';
import { selectionBatch } from '../workflows/selection-batch';
import { stateQuery } from '../workflows/selection-batch.messages';
import { batchReadEndpoints, mountBatchReads } from './batch-reads';
import type { AppDeps } from './deps';
import { batchIdParams } from './path-params';
import { problems } from './problem';
import { declareRoute, mount } from './route-declaration';
import { startBatch, type BatchKindStart } from './start-batch';
import { parse } from './validate';

export const listQuerySchema = z.strictObject({
  stage: z.enum(batchStages).optional(),
  kind: z.enum(batchKinds).optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  orgUnit: z.string().min(1).max(100).optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const cursorSchema = z.strictObject({ createdAt: z.iso.datetime().transform((s) => new Date(s)), id: z.string() });

const supervisors = ['ORG_HEAD', 'DISCIPLINE_GROUP', 'AUDITOR'] as const;
const notFound = { 404: ['batch.not_found'] };

const reads = batchReadEndpoints('/batches', 'batches', {
  get: {
    operationId: 'getBatch',
    summary: 'A batch: stage, positions, candidates with check states, decisions, notices, objections, appointments',
    description:
      'Confidential data follows domain.md §1: opinions’ notes and reasons, objections’ contents and reporters, ' +
      'notifications for ORG_OFFICER, ORG_HEAD, DISCIPLINE_GROUP, AUDITOR; individual ballots for ORG_HEAD, ' +
      'DISCIPLINE_GROUP, AUDITOR and the party group.',
    view: batchDetailSchema,
  },
  live: {
    operationId: 'getBatchLive',
    summary: 'The live workflow state of a batch (Temporal query)',
    access: ['ORG_OFFICER', ...supervisors],
  },
});

/** Selection batches (干部选拔): start, list, read, audit, and the workflow's live state. */
export const batchEndpoints = {
  start: declareRoute({
    method: 'post',
    base: '/api/v1',
    path: '/batches',
    access: orgStaff,
    operationId: 'startBatch',
    summary: 'Start a selection batch (干部选拔批次)',
    description:
      'Positions, candidates, the party group, declared relations and an optional `ruleset` ([DESIGN] settings the ' +
      'batch keeps for its whole life). Answers with the batch and `Location`. `ruleset.timerScale` below 1 ' +
      '(timers run faster: tests, drills, demos) only where the deployment runs with `ALLOW_SCALED_TIMERS=true`; ' +
      'elsewhere `422 ruleset.timer_scale_disabled`.',
    tag: 'batches',
    body: { name: 'StartBatchRequest', schema: startBatchSchema },
    success: {
      status: 201,
      description: 'started: the batch workflow `batch-<id>` runs',
      content: { 'application/json': z.union([batchDetailSchema, batchStartedSchema]) },
      headers: { Location: { description: 'the batch', schema: { type: 'string' } } },
    },
    errors: { 409: ['batch.already_exists'], 422: ['ruleset.timer_scale_disabled'] },
  }),
  list: declareRoute({
    method: 'get',
    base: '/api/v1',
    path: '/batches',
    access: readers,
    operationId: 'listBatches',
    summary: 'List batches, newest first, with cursor pagination and filters',
    tag: 'batches',
    query: listQuerySchema,
    success: { status: 200, description: 'one page', content: { 'application/json': batchListSchema } },
    errors: {},
  }),
  get: reads.get,
  audit: declareRoute({
    method: 'get',
    base: '/api/v1',
    path: '/batches/:id/audit',
    access: supervisors,
    operationId: 'getBatchAudit',
    summary: 'The hash-chained audit trail of a batch, with its verification',
    tag: 'batches',
    params: batchIdParams,
    success: {
      status: 200,
      description: 'events in order and `chain.verified`',
      content: { 'application/json': auditTrailSchema },
    },
    errors: notFound,
  }),
  live: reads.live,
};

/** A selection batch's start: its input, Temporal summary, planned rows and the answer built from its plan. */
const selectionStart: BatchKindStart<z.output<typeof startBatchSchema>, SelectionBatchInput> = {
  kind: 'SELECTION',
  collection: '/api/v1/batches',
  schema: startBatchSchema,
  idPrefix: '',
  workflow: selectionBatch,
  input: ({ ruleset, ...plan }, id, started) => ({
    plan: { ...plan, id },
    ruleset: ruleset ?? defaultRuleset,
    ...started,
  }),
  describe: ({ plan }) => ({
    summary: `干部选拔 ${plan.id} ${plan.title}：${plan.positions.length} 个职位，${plan.candidates.length} 名考察对象`,
    details: plan.positions.map((p) => `- ${p.id} (${p.level}, ${p.orgUnit}) × ${p.seats}`).join('\n'),
  }),
  planned: ({ plan, ruleset }, workflowId) => ({ kind: 'SELECTION', workflowId, plan, ruleset }),
  answer: ({ id, workflowId, body, input, actor, createdAt }) => ({
    id,
    kind: 'SELECTION',
    workflowId,
    title: body.title,
    year: body.year,
    orgUnit: body.orgUnit,
    stage: 'INSPECTING',
    ruleset: input.ruleset,
    timerScale: input.ruleset.timerScale,
    scaledTimers: scaledTimers(input.ruleset),
    createdBy: actor.id,
    createdAt,
    positions: input.plan.positions,
    candidates: input.plan.candidates.map((c) => ({ ...c, state: 'UNDER_INSPECTION' })),
  }),
};

export function batchesRoutes(deps: AppDeps) {
  const { database } = deps;
  const router = Router();
  const batches = createBatchesRepository({ db: database.db });

  mount(router, batchEndpoints.start, startBatch(deps, selectionStart));

  mount(router, batchEndpoints.list, async (req, res) => {
    const query = parse(listQuerySchema, req.query);
    const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
    const { items, next } = await batches.list({ ...query, cursor });
    res.json({ items, nextCursor: next ? encodeCursor(next) : null });
  });

  mountBatchReads(router, deps, batchEndpoints, {
    kind: 'SELECTION',
    collection: '/batches',
    read: (id, visibility) => batches.get(id, visibility),
    state: stateQuery,
  });

  mount(router, batchEndpoints.audit, async (req, res) => {
    const audit = await batches.audit(req.params.id);
    if (!audit) throw problems.notFound('batch', req.params.id);
    res.json(audit);
  });

  return router;
}

function encodeCursor(cursor: { createdAt: Date; id: string }) {
  return Buffer.from(JSON.stringify({ createdAt: cursor.createdAt.toISOString(), id: cursor.id })).toString(
    'base64url',
  );
}

function decodeCursor(raw: string) {
  try {
    return cursorSchema.parse(JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')));
  } catch {
    throw problems.validation([{ path: 'cursor', message: 'not a cursor returned by this API' }]);
  }
}
