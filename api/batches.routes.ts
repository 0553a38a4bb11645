import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import { z } from 'zod';
import { batchKinds, batchStages, startBatchSchema } from '../domain/batch';
import { defaultRuleset, scaledSummaryPrefix, scaledTimers } from '../domain/ruleset';
import { batchWorkflowId, type SelectionBatchInput } from '../domain/selection';
import { hasRole, orgStaff, readers } from '../domain/roles';
import { auditTrailSchema } from '../domain/views/audit';
import { batchDetailSchema, batchListSchema, batchLiveStateSchema, batchStartedSchema } from '../domain/views/batches';
import { createBatchesRepository } from '../db/batches.repository';
import { insertBatchPlan } from '../db/projection';
import { selectionBatch } from '../workflows/selection-batch';
import { stateQuery } from '../workflows/selection-batch.messages';
import { BatchKind, BatchStage, BatchYear, OrgUnit } from '../workflows/search-attributes';
import type { AppDeps } from './app';
import { currentActor } from './auth';
import { batchIdParams } from './path-params';
import { problems } from './problem';
import { declareRoute, mount } from './route-declaration';
import { refuseScaledTimers } from './scaled-timers';
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
  get: declareRoute({
    method: 'get',
    base: '/api/v1',
    path: '/batches/:id',
    access: readers,
    operationId: 'getBatch',
    summary: 'A batch: stage, positions, candidates with check states, decisions, notices, objections, appointments',
    description:
      'Confidential data follows domain.md §1: opinions’ notes and reasons, objections’ contents and reporters, ' +
      'notifications for ORG_OFFICER, ORG_HEAD, DISCIPLINE_GROUP, AUDITOR; individual ballots for ORG_HEAD, ' +
      'DISCIPLINE_GROUP, AUDITOR and the party group.',
    tag: 'batches',
    params: batchIdParams,
    success: { status: 200, description: 'the batch', content: { 'application/json': batchDetailSchema } },
    errors: notFound,
  }),
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
  live: declareRoute({
    method: 'get',
    base: '/api/v1',
    path: '/batches/:id/live',
    access: ['ORG_OFFICER', ...supervisors],
    operationId: 'getBatchLive',
    summary: 'The live workflow state of a batch (Temporal query)',
    tag: 'batches',
    params: batchIdParams,
    success: { status: 200, description: 'the workflow state', content: { 'application/json': batchLiveStateSchema } },
    errors: notFound,
  }),
};

export function batchesRoutes({
  database,
  temporal,
  taskQueue,
  temporalUiUrl,
  logger,
  roleSignals,
  allowScaledTimers,
}: AppDeps) {
  const router = Router();
  const batches = createBatchesRepository({ db: database.db });
  const uiLink = (workflowId: string) =>
    temporalUiUrl
      ? `${temporalUiUrl}/namespaces/${temporal.options.namespace}/workflows/${encodeURIComponent(workflowId)}`
      : undefined;

  mount(router, batchEndpoints.start, async (req, res) => {
    const actor = currentActor(req);
    refuseScaledTimers(req.body, allowScaledTimers);
    const body = parse(startBatchSchema, req.body);
    const id = body.id ?? `${body.year}-${randomUUID().slice(0, 8)}`;
    const workflowId = batchWorkflowId(id);
    if (await batches.exists(id)) throw problems.conflict('batch.already_exists', `batch ${id} already exists`);
    const { ruleset, ...plan } = body;
    const input: SelectionBatchInput = {
      plan: { ...plan, id },
      ruleset: ruleset ?? defaultRuleset,
      startedBy: { id: actor.id, role: actor.roles.includes('ORG_HEAD') ? 'ORG_HEAD' : 'ORG_OFFICER', channel: 'API' },
      roleSignals: roleSignals ?? 'accept',
    };
    try {
      await temporal.workflow.start(selectionBatch, {
        workflowId,
        taskQueue,
        args: [input],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        typedSearchAttributes: [
          { key: BatchKind, value: 'SELECTION' },
          { key: BatchStage, value: 'INSPECTING' },
          { key: BatchYear, value: body.year },
          { key: OrgUnit, value: body.orgUnit },
        ],
        staticSummary: `${scaledSummaryPrefix(input.ruleset)}干部选拔 ${id} ${body.title}: ${body.positions.length} positions, ${body.candidates.length} candidates`,
        staticDetails: body.positions.map((p) => `- ${p.id} (${p.level}, ${p.orgUnit}) × ${p.seats}`).join('\n'),
      });
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) {
        throw problems.conflict('batch.already_exists', `batch ${id} already exists`);
      }
      throw err;
    }
    const createdAt = new Date();
    // The workflow's first activity writes the same rows; writing them here too lets the caller read the batch at
    // once. If PostgreSQL is unreachable just now, the activity will write them when it is back.
    await database.db
      .transaction((tx) =>
        insertBatchPlan(tx, {
          kind: 'SELECTION',
          workflowId,
          plan: input.plan,
          ruleset: input.ruleset,
          createdBy: actor.id,
          createdAt,
        }),
      )
      .catch((err: unknown) =>
        logger.warn({ err, batchId: id }, 'read model not written by the API; the workflow will'),
      );
    res
      .status(201)
      .location(`/api/v1/batches/${encodeURIComponent(id)}`)
      .json({
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
        links: links(id, uiLink(workflowId)),
      });
  });

  mount(router, batchEndpoints.list, async (req, res) => {
    const query = parse(listQuerySchema, req.query);
    const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
    const { items, next } = await batches.list({ ...query, cursor });
    res.json({ items, nextCursor: next ? encodeCursor(next) : null });
  });

  mount(router, batchEndpoints.get, async (req, res) => {
    const actor = currentActor(req);
    const batch = await batches.get(req.params.id, {
      confidential: hasRole(actor, 'ORG_OFFICER', 'ORG_HEAD', 'DISCIPLINE_GROUP', 'AUDITOR'),
      votes: hasRole(actor, 'ORG_HEAD', 'DISCIPLINE_GROUP', 'AUDITOR', 'PARTY_GROUP_SECRETARY', 'PARTY_GROUP_MEMBER'),
    });
    if (!batch) throw problems.notFound('batch', req.params.id);
    res.json({ ...batch, links: links(batch.id, uiLink(batch.workflowId)) });
  });

  mount(router, batchEndpoints.audit, async (req, res) => {
    const audit = await batches.audit(req.params.id);
    if (!audit) throw problems.notFound('batch', req.params.id);
    res.json(audit);
  });

  mount(router, batchEndpoints.live, async (req, res) => {
    // A rank batch has its own (/rank-batches/:id/live). During a PostgreSQL outage the check is skipped.
    const kind = await batches.kind(req.params.id).catch(() => undefined);
    if (kind !== undefined && kind !== 'SELECTION') throw problems.notFound('batch', req.params.id);
    try {
      res.json(await temporal.workflow.getHandle(batchWorkflowId(req.params.id)).query(stateQuery));
    } catch (err) {
      const grpc = err as { code?: number; cause?: { code?: number } };
      if (err instanceof WorkflowNotFoundError || grpc?.code === 5 || grpc?.cause?.code === 5)
        throw problems.notFound('batch', req.params.id);
      throw err;
    }
  });

  return router;
}

function links(id: string, temporalUi: string | undefined) {
  return {
    self: `/api/v1/batches/${encodeURIComponent(id)}`,
    audit: `/api/v1/batches/${encodeURIComponent(id)}/audit`,
    ...(temporalUi ? { temporalUi } : {}),
  };
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
