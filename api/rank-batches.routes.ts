import { randomUUID } from 'node:crypto';
import { Router, type Request, type RequestHandler } from 'express';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import { z } from 'zod';
import { createRankBatchesRepository } from '../db/rank-batches.repository';
import {
  candidateEligibility,
  defaultRankRuleset,
  rankBatchSchema,
  rankCommandSchemas,
  stepViolations,
  type RankPromotionBatchInput,
} from '../domain/rank-promotion';
import { hasRole, orgStaff, readers, type Role } from '../domain/roles';
import { batchWorkflowId, shanghaiDate, type Refusal } from '../domain/selection';
import { batchLiveStateSchema, batchStartedSchema } from '../domain/views/batches';
import { rankBatchDetailSchema } from '../domain/views/rank-batches';
import { rankPromotionBatch } from '../workflows/rank-promotion';
import * as m from '../workflows/rank-promotion.messages';
import { batchLinks } from './batch-links';
import type { AppDeps } from './deps';
import { executeUpdate } from './execute-update';
import { currentActor, requireRole } from './auth';
import type { Access } from './guard';
import { batchIdParams } from './path-params';
import { Problem, problems, refusalStatus } from './problem';
import { publicRateLimit } from './rate-limit';
import { accessOf, declareRoute, mount } from './route-declaration';
import { startBatch, type BatchKindStart } from './start-batch';
import { parse } from './validate';

type Params = { id: string; personId?: string; objectionId?: string; holdId?: string };
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyUpdate = UpdateDefinition<any, [any]>;

const checkRecorders: Role[] = [
  'ORG_OFFICER',
  'ORG_HEAD',
  'DISCIPLINE_GROUP',
  'BRANCH_SECRETARY',
  'PARTY_GROUP_SECRETARY',
];

/** Rank promotion batches (职级晋升): start and read; each step is a command below. */
export const rankBatchEndpoints = {
  start: declareRoute({
    method: 'post',
    base: '/api/v1',
    path: '/rank-batches',
    access: orgStaff,
    operationId: 'startRankBatch',
    summary: 'Start a rank promotion batch (职级晋升)',
    description: 'Eligibility is computed per candidate at the start; promotion is one step at a time (art. 17).',
    tag: 'rank-batches',
    body: { name: 'StartRankBatchRequest', schema: rankBatchSchema },
    success: {
      status: 201,
      description: 'started',
      content: { 'application/json': z.union([rankBatchDetailSchema, batchStartedSchema]) },
      headers: { Location: { description: 'the batch', schema: { type: 'string' } } },
    },
    errors: { 409: ['batch.already_exists'], 422: ['rank.not_one_step', 'ruleset.timer_scale_disabled'] },
  }),
  get: declareRoute({
    method: 'get',
    base: '/api/v1',
    path: '/rank-batches/:id',
    access: readers,
    operationId: 'getRankBatch',
    summary: 'A rank promotion batch with eligibility, checks, evaluations and approvals',
    tag: 'rank-batches',
    params: batchIdParams,
    success: { status: 200, description: 'the batch', content: { 'application/json': rankBatchDetailSchema } },
    errors: { 404: ['batch.not_found'] },
  }),
  live: declareRoute({
    method: 'get',
    base: '/api/v1',
    path: '/rank-batches/:id/live',
    access: ['ORG_OFFICER', 'ORG_HEAD', 'DISCIPLINE_GROUP', 'AUDITOR'],
    operationId: 'getRankBatchLive',
    summary: 'The live workflow state of a rank batch (Temporal query)',
    tag: 'rank-batches',
    params: batchIdParams,
    success: { status: 200, description: 'the workflow state', content: { 'application/json': batchLiveStateSchema } },
    errors: { 404: ['batch.not_found'] },
  }),
};

/**
 * Who may call each rank-batch endpoint (domain.md §1), shaped like api/access.ts's matrix so it can be spread into
 * it (then the role-matrix test covers these too). The workflow applies the finer rules (own branch, stage).
 */
export const rankBatchesAccess = {
  ...accessOf(Object.values(rankBatchEndpoints)),
  'POST /rank-batches/:id/candidates/:personId/evaluation': orgStaff,
  'POST /rank-batches/:id/candidates/:personId/assessments': orgStaff,
  'POST /rank-batches/:id/candidates/:personId/checks': checkRecorders,
  'POST /rank-batches/:id/meetings': ['PARTY_GROUP_SECRETARY'],
  'POST /rank-batches/:id/candidates/:personId/objections': 'public',
  'POST /rank-batches/:id/objections/:objectionId/resolution': ['ORG_HEAD'],
  'POST /rank-batches/:id/candidates/:personId/withdrawal': 'authenticated',
  'POST /rank-batches/:id/candidates/:personId/disqualification': ['ORG_HEAD'],
  'POST /rank-batches/:id/holds': ['DISCIPLINE_GROUP'],
  'DELETE /rank-batches/:id/holds/:holdId': ['DISCIPLINE_GROUP'],
  'POST /rank-batches/:id/publicity/extension': orgStaff,
  'POST /rank-batches/:id/cancellation': ['ORG_HEAD'],
  'POST /rank-batches/:id/candidates/:personId/approval': ['ORG_HEAD'],
} as const satisfies Record<string, Access>;
type RankEndpoint = keyof typeof rankBatchesAccess;

function allowed(endpoint: RankEndpoint): RequestHandler[] {
  const access: Access = rankBatchesAccess[endpoint];
  if (access === 'public') return [publicRateLimit()];
  if (access === 'authenticated') return [requireAuth];
  return [requireRole(...access)];
}

interface RankCommandRoute {
  endpoint: Exclude<RankEndpoint, `GET ${string}` | 'POST /rank-batches'>;
  schema: z.ZodType;
  update: AnyUpdate;
  status?: number;
  /** Path parameters merged into the body. */
  fromPath?: (keyof Params)[];
}

const s = rankCommandSchemas;

/** Every state-changing endpoint of a rank batch: one update each, validated again inside the workflow. */
export const rankCommandRoutes: RankCommandRoute[] = [
  {
    endpoint: 'POST /rank-batches/:id/candidates/:personId/evaluation',
    schema: s.recordEvaluation,
    update: m.recordEvaluationUpdate,
    status: 201,
    fromPath: ['personId'],
  },
  {
    endpoint: 'POST /rank-batches/:id/candidates/:personId/assessments',
    schema: s.recordAssessment,
    update: m.recordAssessmentUpdate,
    status: 201,
    fromPath: ['personId'],
  },
  {
    endpoint: 'POST /rank-batches/:id/candidates/:personId/checks',
    schema: s.recordCheck,
    update: m.rankCheckUpdate,
    status: 201,
    fromPath: ['personId'],
  },
  {
    endpoint: 'POST /rank-batches/:id/meetings',
    schema: s.recordDecision,
    update: m.recordDecisionUpdate,
    status: 201,
  },
  {
    endpoint: 'POST /rank-batches/:id/candidates/:personId/objections',
    schema: s.fileObjection,
    update: m.fileObjectionUpdate,
    status: 201,
    fromPath: ['personId'],
  },
  {
    endpoint: 'POST /rank-batches/:id/objections/:objectionId/resolution',
    schema: s.resolveObjection,
    update: m.resolveObjectionUpdate,
    fromPath: ['objectionId'],
  },
  {
    endpoint: 'POST /rank-batches/:id/candidates/:personId/withdrawal',
    schema: s.withdraw,
    update: m.withdrawUpdate,
    fromPath: ['personId'],
  },
  {
    endpoint: 'POST /rank-batches/:id/candidates/:personId/disqualification',
    schema: s.disqualify,
    update: m.disqualifyUpdate,
    fromPath: ['personId'],
  },
  {
    endpoint: 'POST /rank-batches/:id/holds',
    schema: s.placeHold,
    update: m.placeHoldUpdate,
    status: 201,
  },
  {
    endpoint: 'DELETE /rank-batches/:id/holds/:holdId',
    schema: s.liftHold,
    update: m.liftHoldUpdate,
    fromPath: ['holdId'],
  },
  {
    endpoint: 'POST /rank-batches/:id/publicity/extension',
    schema: s.extendPublicity,
    update: m.extendPublicityUpdate,
  },
  {
    endpoint: 'POST /rank-batches/:id/cancellation',
    schema: s.cancel,
    update: m.cancelUpdate,
  },
  {
    endpoint: 'POST /rank-batches/:id/candidates/:personId/approval',
    schema: s.approve,
    update: m.approveRankUpdate,
    status: 201,
    fromPath: ['personId'],
  },
];

type RankBatchesRepository = ReturnType<typeof createRankBatchesRepository>;

/** A rank batch's start: eligibility computed as its workflow computes it, the answer read back from the rows. */
const rankStart = (
  rankBatches: RankBatchesRepository,
): BatchKindStart<z.output<typeof rankBatchSchema>, RankPromotionBatchInput> => ({
  kind: 'RANK_PROMOTION',
  collection: '/api/v1/rank-batches',
  schema: rankBatchSchema,
  refuse: (body) => {
    const notOneStep = stepViolations(body);
    if (notOneStep.length > 0)
      throw problems.rule('rank.not_one_step', 'promotion is one step at a time (art. 17)', notOneStep);
  },
  idPrefix: 'r',
  workflow: rankPromotionBatch,
  input: ({ ruleset, asOf, ...plan }, id, started) => ({
    plan: { ...plan, id, asOf: asOf ?? shanghaiDate(new Date().toISOString()) },
    ruleset: ruleset ?? defaultRankRuleset,
    ...started,
  }),
  describe: ({ plan }) => ({
    summary: `职级晋升 ${plan.id}: ${plan.candidates.length} candidates`,
    // Ids and ranks only: workflow metadata is not the place for names.
    details: plan.candidates.map((c) => `- ${c.personId}: ${c.currentRank} → ${c.targetRank}`).join('\n'),
  }),
  planned: ({ plan, ruleset }, workflowId) => ({
    kind: 'RANK_PROMOTION',
    workflowId,
    plan,
    ruleset,
    eligibility: candidateEligibility(plan, ruleset).map((e, i) => ({ personId: plan.candidates[i]!.personId, ...e })),
  }),
  answer: async ({ id, workflowId }) =>
    (await rankBatches.get(id, { confidential: true, votes: false })) ?? { id, workflowId, stage: 'INSPECTING' },
});

/** 职级晋升批次 over HTTP: start, read, and every procedure step (domain.md §3). */
export function rankBatchesRoutes(deps: AppDeps) {
  const { database, temporal } = deps;
  const router = Router();
  const rankBatches = createRankBatchesRepository({ db: database.db });
  const links = (batch: { id: string; workflowId: string }) => batchLinks(deps, '/api/v1/rank-batches', batch);

  mount(router, rankBatchEndpoints.start, startBatch(deps, rankStart(rankBatches)));

  mount(router, rankBatchEndpoints.get, async (req, res) => {
    const actor = currentActor(req);
    const batch = await rankBatches.get(req.params.id, {
      confidential: hasRole(actor, 'ORG_OFFICER', 'ORG_HEAD', 'DISCIPLINE_GROUP', 'AUDITOR'),
      votes: hasRole(actor, 'ORG_HEAD', 'DISCIPLINE_GROUP', 'AUDITOR', 'PARTY_GROUP_SECRETARY', 'PARTY_GROUP_MEMBER'),
    });
    if (!batch) throw problems.notFound('batch', req.params.id);
    res.json({ ...batch, links: links(batch) });
  });

  mount(router, rankBatchEndpoints.live, async (req, res) => {
    if ((await rankBatches.kind(req.params.id)) !== 'RANK_PROMOTION') throw problems.notFound('batch', req.params.id);
    try {
      res.json(await temporal.workflow.getHandle(batchWorkflowId(req.params.id)).query(m.rankStateQuery));
    } catch (err) {
      throw await toProblem(err, req.params.id);
    }
  });

  for (const route of rankCommandRoutes) {
    const [method, path] = route.endpoint.split(' ') as ['POST' | 'DELETE', string];
    const publicRoute = rankBatchesAccess[route.endpoint] === 'public';
    router[method === 'POST' ? 'post' : 'delete'](
      path,
      ...allowed(route.endpoint),
      async (req: Request<Params>, res) => {
        const raw = req.body === undefined ? {} : req.body;
        if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
          throw problems.validation([{ path: '', message: 'the body must be a JSON object' }]);
        const fromPath = Object.fromEntries((route.fromPath ?? []).map((k) => [k, req.params[k]]));
        const body = parse(route.schema, { ...raw, ...fromPath }) as Record<string, unknown>;
        // A selection batch shares the workflow id space: never send it a rank message.
        if ((await rankBatches.kind(req.params.id)) !== 'RANK_PROMOTION')
          throw problems.notFound('batch', req.params.id);
        const actor = req.actor;
        const key = req.header('idempotency-key');
        const updateId = key ? `${route.update.name}:${actor?.id ?? 'public'}:${key}` : randomUUID();
        const handle = temporal.workflow.getHandle(batchWorkflowId(req.params.id));
        try {
          const result = await executeUpdate(handle, route.update, {
            args: [{ ...body, ...(actor ? { actor } : {}) }],
            updateId,
          });
          const publicView = publicRoute && !actor;
          res
            .status(route.status ?? 200)
            .json(
              publicView ? { received: true, objectionId: result.objectionId } : { batchId: req.params.id, ...result },
            );
        } catch (err) {
          throw await toProblem(err, req.params.id, () => handle.describe());
        }
      },
    );
  }
  return router;
}

const requireAuth: RequestHandler = (req, _res, next) => {
  currentActor(req);
  next();
};

async function toProblem(
  err: unknown,
  batchId: string,
  describe?: () => Promise<{ status: { name: string } }>,
): Promise<unknown> {
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
    const code = err.cause.type ?? 'rule.violated';
    const refusal = err.cause.details?.[0] as Refusal | undefined;
    return new Problem(refusalStatus(code), code, err.cause.message, refusal?.errors);
  }
  if (err instanceof WorkflowNotFoundError) {
    // An update to a completed execution also reports "not found": tell a closed batch from a missing one.
    const status = await describe?.()
      .then((d) => d.status.name)
      .catch(() => undefined);
    if (status && status !== 'RUNNING')
      return problems.conflict('batch.closed', `batch ${batchId} is ${status.toLowerCase()} and takes no more actions`);
    return problems.notFound('batch', batchId);
  }
  return err;
}
