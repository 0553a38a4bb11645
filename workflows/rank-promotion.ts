import { continueAsNew, patched, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { rankCommands } from '../domain/commands/rank';
import { kindStages } from '../domain/procedure/stages';
import {
  applyRankCommand,
  candidateEligibility,
  checkRankCommand,
  initialRankState,
  isRankExit,
  pendingRankSteps,
  type RankBatchStartedPayload,
  type RankBatchState,
  type RankCommandName,
  type RankPromotionBatchInput,
} from '../domain/rank-promotion';
import { rankSpec } from '../domain/rank-promotion/spec';
import { BatchEngine, readCorrections } from './batch-engine';
import type { BatchKindSpec, EngineInput } from './batch-kind';
import { AWAITING_ASSESSMENT, RANK_ON_BATCH_ENGINE } from './corrections';
import * as m from './rank-promotion.messages';
import { scaledTimersMark } from './scaled-timers';
import { BatchKind, BatchYear, OrgUnit } from './search-attributes';

/** A run's input: the batch's, and (since the engine) where the run before it stood. */
export type RankPromotionRunInput = RankPromotionBatchInput & EngineInput<RankBatchState>;

export const rankPromotion: BatchKindSpec<RankBatchState, RankCommandName> = {
  stateQuery: m.rankStateQuery,
  commands: rankCommands,
  stream: 'rank',
  check: checkRankCommand,
  apply: (state, name, input, actor, ctx) => applyRankCommand(state, name, input as never, actor, ctx),
  pending: pendingRankSteps,
  ...kindStages(rankSpec),
  showsWait: false,
  candidatesLine: (state) =>
    `在办 ${state.candidates.filter((c) => !isRankExit(c.state)).length} 人，共 ${state.candidates.length} 人（不符合晋升条件 ${state.candidates.filter((c) => !c.eligible).length} 人）；已晋升 ${state.candidates.filter((c) => c.state === 'PROMOTED').length} 人`,
  publicityName: '公示',
  reminderRecipients: ['ORG_OFFICER', 'DISCIPLINE_GROUP'],
};

/** 职级晋升批次 (domain.md §3): eligibility, vetting, decision, 公示, approval; workflow id `batch-<id>`. */
export async function rankPromotionBatch(input: RankPromotionRunInput): Promise<{ stage: string }> {
  const corrections = readCorrections();
  const { carry } = input;
  const first = carry ? undefined : firstRun(input);
  const onEngine = patched(RANK_ON_BATCH_ENGINE);
  const state = carry?.state ?? first!.state;
  const engine = new BatchEngine(rankPromotion, state, input, {
    corrections,
    continuesAsNew: onEngine,
    refusesUnpublishedYear: onEngine,
  });
  // First, before any handler exists: a signal delivered with the start must come after the batch's first event.
  if (first) engine.record('BATCH_STARTED', input.startedBy, first.started());
  engine.listen();
  // Also when started without them (an operator's `temporal workflow start`): the UI filters on these.
  if (first)
    upsertSearchAttributes([
      { key: BatchKind, value: 'RANK_PROMOTION' },
      { key: BatchYear, value: state.year },
      { key: OrgUnit, value: state.orgUnit },
    ]);
  return engine.run((next) => continueAsNew<typeof rankPromotionBatch>({ ...input, carry: next }));
}

/** Eligibility is computed once, at the batch's start; later runs carry it in their state. */
function firstRun(input: RankPromotionBatchInput) {
  const awaitLastYearsAssessment = patched(AWAITING_ASSESSMENT);
  const eligibility = candidateEligibility(input.plan, input.ruleset, { awaitLastYearsAssessment });
  const state = initialRankState(input, eligibility);
  const started = (): RankBatchStartedPayload => ({
    kind: 'RANK_PROMOTION',
    workflowId: workflowInfo().workflowId,
    plan: input.plan,
    ruleset: input.ruleset,
    ...(input.roleSignals ? { roleSignals: input.roleSignals } : {}),
    ...scaledTimersMark(input.ruleset),
    eligibility: eligibility.map((e, i) => ({ personId: input.plan.candidates[i]!.personId, ...e })),
  });
  return { state, started };
}
