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
import { orgStaff } from '../domain/roles';
import { shanghaiDate } from '../domain/selection';
import { batchStartedSchema } from '../domain/views/batches';
import { rankBatchDetailSchema } from '../domain/views/rank-batches';
import { rankPromotionBatch } from '../workflows/rank-promotion';
import * as m from '../workflows/rank-promotion.messages';
import { batchReadEndpoints, mountBatchReads } from './batch-reads';
import { commandRouter } from './command-router';
import type { AppDeps } from './deps';
import { problems } from './problem';
import { accessOf, declareRoute, mount } from './route-declaration';
import { startBatch, type BatchKindStart } from './start-batch';

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
  ...batchReadEndpoints('/rank-batches', 'rank-batches', {
    get: {
      operationId: 'getRankBatch',
      summary: 'A rank promotion batch with eligibility, checks, evaluations and approvals',
      view: rankBatchDetailSchema,
    },
    live: {
      operationId: 'getRankBatchLive',
      summary: 'The live workflow state of a rank batch (Temporal query)',
      access: ['ORG_OFFICER', 'ORG_HEAD', 'DISCIPLINE_GROUP', 'AUDITOR'],
    },
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
    summary: `职级晋升 ${plan.id}：${plan.candidates.length} 名人选`,
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
  const { database } = deps;
  const router = Router();
  const rankBatches = createRankBatchesRepository({ db: database.db });

  mount(router, rankBatchEndpoints.start, startBatch(deps, rankStart(rankBatches)));

  mountBatchReads(router, deps, rankBatchEndpoints, {
    kind: 'RANK_PROMOTION',
    collection: '/rank-batches',
    read: (id, visibility) => rankBatches.get(id, visibility),
    state: m.rankStateQuery,
  });

  router.use(commandRouter(deps, rankCommands, 'RANK_PROMOTION'));
  return router;
}
