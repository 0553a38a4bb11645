import type { Eligibility } from './eligibility';
import { kindStages } from './procedure/stages';
import { isHeld, procedureStart } from './procedure/state';
import { rankCommands } from './rank-promotion/commands';
import { candidateEligibility } from './rank-promotion/plan';
import { rankSpec } from './rank-promotion/spec';
import type { RankBatchState, RankCandidateView, RankPromotionBatchInput } from './rank-promotion/state';
import { initialVettingState } from './vetting';

// Pure and deterministic: imported by workflow code. No I/O, no clock, no randomness.
// 职级晋升 (domain.md §3, 《公务员职务与职级并行规定》(2019) art. 17–22): one kind of the shared procedure
// (domain/procedure/), with eligibility, evaluation and assessments before the meeting and approval at the end.

export {
  rankCheckKinds,
  rankCommandSchemas,
  rankVettingOutcome,
  type ApproveInput,
  type AssessmentInput,
  type EvaluationInput,
  type RankCheckInput,
  type RankCheckKind,
  type RankCommandInput,
  type RankCommandName,
} from './rank-promotion/commands';
export {
  candidateEligibility,
  defaultRankRuleset,
  rankBatchSchema,
  rankCandidateSchema,
  rankRulesetSchema,
  stepViolations,
  type RankBatchBody,
  type RankBatchPlan,
  type RankCandidatePlan,
  type RankCareer,
  type RankRuleset,
  type StoredRankRuleset,
} from './rank-promotion/plan';
export { missingSteps, pendingRankSteps } from './rank-promotion/spec';
export {
  isRankExit,
  isRankSettled,
  rankCandidateStates,
  rankExitStates,
  type EvaluationRecord,
  type RankBatchStartedPayload,
  type RankBatchState,
  type RankCandidateState,
  type RankCandidateView,
  type RankPromotionBatchInput,
} from './rank-promotion/state';
export type { NextStep as RankNextStep } from './procedure/stages';

export const isRankHeld = (state: RankBatchState, personId: string) => isHeld(state, personId);

export function initialRankState(
  { plan, ruleset }: RankPromotionBatchInput,
  eligibility: Eligibility[] = candidateEligibility(plan, ruleset),
): RankBatchState {
  const state: RankBatchState = {
    id: plan.id,
    kind: 'RANK_PROMOTION',
    stage: 'INSPECTING',
    title: plan.title,
    year: plan.year,
    orgUnit: plan.orgUnit,
    asOf: plan.asOf,
    ruleset,
    quotas: plan.quotas.map((q) => ({ rank: q.rank, seats: q.seats })),
    ...procedureStart(plan),
    candidates: plan.candidates.map((c, i): RankCandidateView => {
      const e = eligibility[i]!;
      const view: RankCandidateView = {
        personId: c.personId,
        branchId: c.branchId,
        currentRank: c.currentRank,
        targetRank: c.targetRank,
        eligible: e.eligible,
        state: 'UNDER_INSPECTION',
        vetting: initialVettingState,
      };
      if (e.awaitingAssessment !== undefined) {
        const { currentRank, targetRank, rankHistory, assessments, disciplinaryEffects } = c;
        view.state = 'AWAITING_ASSESSMENT';
        view.awaitingAssessment = {
          year: e.awaitingAssessment,
          career: { currentRank, targetRank, rankHistory, assessments, disciplinaryEffects },
        };
      } else if (!e.eligible) {
        view.state = 'INELIGIBLE';
        view.exitReason = e.blockers.map((b) => b.message).join('; ');
      }
      return view;
    }),
    waitingFor: '',
  };
  state.waitingFor = describeRankWait(state);
  return state;
}

/** Validates a message against the batch; a refusal names the field or the rule. */
export const checkRankCommand = rankCommands.check;
export const applyRankCommand = rankCommands.apply;

/**
 * What the batch does next on its own. Stages as in selection; APPOINTING is the wait for the competent authority's
 * approval (审批), which records the rank change.
 */
export const {
  nextStep: nextRankStep,
  changeStage: changeRankStage,
  applyPublicity: applyRankPublicity,
  endPublicity: endRankPublicity,
  waitForCalendar: waitForRankCalendar,
  describeWait: describeRankWait,
} = kindStages(rankSpec);
