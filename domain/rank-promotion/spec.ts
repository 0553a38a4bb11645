import type { KindSpec } from '../procedure/kind';
import { refuse } from '../procedure/refusal';
import { sharedCandidateStates } from '../procedure/state';
import { completedResult, lastRecordedAt } from '../vetting';
import type { StoredRankRuleset } from './plan';
import {
  isRankExit,
  isRankSettled,
  type RankBatchState,
  type RankCandidateState,
  type RankCandidateView,
} from './state';

sharedCandidateStates satisfies readonly RankCandidateState[];

/** What a candidate still needs before the decision meeting, in procedure order. */
export function missingSteps(c: RankCandidateView, ruleset: StoredRankRuleset): string[] {
  return [
    ...(c.evaluation ? [] : ['EVALUATION']),
    ...(ruleset.simplifiedInspection || c.inspection ? [] : ['INSPECTION']),
    ...ruleset.requiredChecks.filter((k) => completedResult(c.vetting, k) === undefined),
  ];
}

/** Candidates whose steps are still awaited (for reminders and PendingOpinions). */
export function pendingRankSteps(state: RankBatchState): { personId: string; missing: string[] }[] {
  return state.candidates
    .filter((c) => c.state === 'UNDER_INSPECTION' || c.state === 'AWAITING_ASSESSMENT')
    .map((c) => ({
      personId: c.personId,
      missing: c.awaitingAssessment
        ? [`ASSESSMENT_${c.awaitingAssessment.year}`, ...missingSteps(c, state.ruleset)]
        : missingSteps(c, state.ruleset),
    }))
    .filter((p) => p.missing.length > 0);
}

/**
 * 职级晋升 (domain.md §3): eligibility, recommendation or evaluation and vetting before the meeting; the competent
 * authority's approval (审批) after the public notice, in the APPOINTING stage, which records the rank change.
 */
export const rankSpec: KindSpec<RankBatchState> = {
  ready: 'READY_TO_APPROVE',
  isExit: (s) => isRankExit(s as RankCandidateState),
  isSettled: (s) => isRankSettled(s as RankCandidateState),
  inFrontHalf: (c) => c.state === 'UNDER_INSPECTION' || c.state === 'AWAITING_ASSESSMENT',
  /** The last step before the decision: a check, the inspection or the evaluation results. */
  lastStepAt: (c) =>
    [lastRecordedAt(c.vetting), c.inspection?.at, c.evaluation?.at]
      .filter((at): at is string => at !== undefined)
      .sort()
      .at(-1),
  // 职数: never more approvals for a rank than its quota.
  seatsRefusal(state, outcomes) {
    for (const q of state.quotas) {
      const already = state.candidates.filter(
        (c) => c.targetRank === q.rank && !isRankExit(c.state) && c.decision?.outcome === 'APPROVED',
      ).length;
      const now = outcomes.filter(
        (o) =>
          o.outcome === 'APPROVED' && state.candidates.find((c) => c.personId === o.personId)?.targetRank === q.rank,
      ).length;
      if (already + now > q.seats)
        return refuse('quota.exceeded', `more promotions to ${q.rank} approved than its quota of ${q.seats}`);
    }
    return undefined;
  },
  // Drift kept from the first rank batches: a hold stops the decision and the appointment, not the stage moves.
  holdsStopStages: false,
  wording: {
    end: 'promotion',
    inspecting(state) {
      const years = [
        ...new Set(state.candidates.flatMap((c) => (c.awaitingAssessment ? [c.awaitingAssessment.year] : []))),
      ];
      const awaiting = state.candidates.filter((c) => c.state === 'AWAITING_ASSESSMENT').length;
      const assessments =
        awaiting > 0 ? `; ${awaiting} candidate(s) awaiting the ${years.join(', ')} annual assessment` : '';
      return `recommendation / evaluation and vetting: ${pendingRankSteps(state).length} candidate(s) with steps outstanding${assessments}`;
    },
    decision: '集体讨论决定',
    notice: '公示',
    appointing: 'approval by the competent authority (审批) with its document number',
  },
};
