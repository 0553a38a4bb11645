import { randomUUID } from 'node:crypto';
import { Router, type Request } from 'express';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { z } from 'zod';
import { batchKinds, batchStages, startBatchSchema } from '../domain/batch';
import { defaultRuleset, scaledSummaryPrefix, scaledTimers } from '../domain/ruleset';
import { batchWorkflowId, type SelectionBatchInput } from '../domain/selection';
import { hasRole } from '../domain/roles';
import { createBatchesRepository } from '../db/batches.repository';
import { insertBatchPlan } from '../db/projection';
import { selectionBatch } from '../workflows/selection-batch';
import { BatchKind, BatchStage, BatchYear, OrgUnit } from '../workflows/search-attributes';
import type { AppDeps } from './deps';
import { allow } from './access';
import { currentActor } from './auth';
import { problems } from './problem';
import { refuseScaledTimers } from './scaled-timers';
import { parse } from './validate';

const listQuerySchema = z.strictObject({
  stage: z.enum(batchStages).optional(),
  kind: z.enum(batchKinds).optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  orgUnit: z.string().min(1).max(100).optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const cursorSchema = z.strictObject({ createdAt: z.iso.datetime().transform((s) => new Date(s)), id: z.string() });

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

  router.post('/batches', allow('POST /batches'), async (req, res) => {
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

  router.get('/batches', allow('GET /batches'), async (req, res) => {
    const query = parse(listQuerySchema, req.query);
    const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
    const { items, next } = await batches.list({ ...query, cursor });
    res.json({ items, nextCursor: next ? encodeCursor(next) : null });
  });

  router.get('/batches/:id', allow('GET /batches/:id'), async (req: Request<{ id: string }>, res) => {
    const actor = currentActor(req);
    const batch = await batches.get(req.params.id, {
      confidential: hasRole(actor, 'ORG_OFFICER', 'ORG_HEAD', 'DISCIPLINE_GROUP', 'AUDITOR'),
      votes: hasRole(actor, 'ORG_HEAD', 'DISCIPLINE_GROUP', 'AUDITOR', 'PARTY_GROUP_SECRETARY', 'PARTY_GROUP_MEMBER'),
    });
    if (!batch) throw problems.notFound('batch', req.params.id);
    res.json({ ...batch, links: links(batch.id, uiLink(batch.workflowId)) });
  });

  router.get('/batches/:id/audit', allow('GET /batches/:id/audit'), async (req: Request<{ id: string }>, res) => {
    const audit = await batches.audit(req.params.id);
    if (!audit) throw problems.notFound('batch', req.params.id);
    res.json(audit);
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
