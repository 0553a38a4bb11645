import { Router, type Request } from 'express';
import { z } from 'zod';
import { batchKinds, batchStages, startBatchSchema } from '../domain/batch';
import { defaultRuleset, scaledTimers } from '../domain/ruleset';
import type { SelectionBatchInput } from '../domain/selection';
import { hasRole } from '../domain/roles';
import { createBatchesRepository } from '../db/batches.repository';
import { selectionBatch } from '../workflows/selection-batch';
import type { AppDeps } from './deps';
import { allow } from './access';
import { currentActor } from './auth';
import { batchLinks } from './batch-links';
import { problems } from './problem';
import { startBatch, type BatchKindStart } from './start-batch';
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
    summary: `干部选拔 ${plan.id} ${plan.title}: ${plan.positions.length} positions, ${plan.candidates.length} candidates`,
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
  const router = Router();
  const batches = createBatchesRepository({ db: deps.database.db });
  const links = (batch: { id: string; workflowId: string }) => batchLinks(deps, '/api/v1/batches', batch);

  router.post('/batches', allow('POST /batches'), startBatch(deps, selectionStart));

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
    res.json({ ...batch, links: links(batch) });
  });

  router.get('/batches/:id/audit', allow('GET /batches/:id/audit'), async (req: Request<{ id: string }>, res) => {
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
