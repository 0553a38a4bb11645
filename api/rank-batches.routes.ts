import { Router } from 'express';
import { z } from 'zod';
import { createRankBatchesRepository } from '../db/rank-batches.repository';
import { accessByEndpoint } from '../domain/commands/row';
import { rankCommands } from '../domain/commands/rank';
import {
  candidateEligibility,
  defaultRankRuleset,
  rankBatchSchema,
  stepViolations,
  type RankPromotionBatchInput,
} from '../domain/rank-promotion';
import { hasRole, orgStaff, readers } from '../domain/roles';
import { batchWorkflowId, shanghaiDate } from '../domain/selection';
import { batchLiveStateSchema, batchStartedSchema } from '../domain/views/batches';
import { rankBatchDetailSchema } from '../domain/views/rank-batches';
import { rankPromotionBatch } from '../workflows/rank-promotion';
import * as m from '../workflows/rank-promotion.messages';
import { batchLinks } from './batch-links';
import { commandRouter } from './command-router';
import type { AppDeps } from './deps';
import { currentActor } from './auth';
import { batchIdParams } from './path-params';
import { problems } from './problem';
import { accessOf, declareRoute, mount } from './route-declaration';
import { startBatch, type BatchKindStart } from './start-batch';
import { workflowProblem } from './workflow-problem';

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
export const rankBatchesAccess = { ...accessOf(Object.values(rankBatchEndpoints)), ...accessByEndpoint(rankCommands) };

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
      throw await workflowProblem(err, req.params.id);
    }
  });

  router.use(commandRouter(deps, rankCommands, 'RANK_PROMOTION'));
  return router;
}
