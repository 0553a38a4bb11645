import type { Eligibility } from '../eligibility';
import type { ActorRef, RoleSignals } from '../events';
import {
  decisionAndNoticeStates,
  exitedStates,
  type ProcedureCandidate,
  type ProcedureState,
} from '../procedure/state';
import type { Rank } from '../ranks';
import type { ScaledTimers } from '../ruleset';
import type { CheckRecord, VettingState } from '../vetting';
import type { RankBatchPlan, RankCareer, StoredRankRuleset } from './plan';

export const rankCandidateStates = [
  'INELIGIBLE',
  'AWAITING_ASSESSMENT',
  'UNDER_INSPECTION',
  'VETTED',
  ...decisionAndNoticeStates,
  'READY_TO_APPROVE',
  'PROMOTED',
  'NOT_APPROVED',
  ...exitedStates,
] as const;
export type RankCandidateState = (typeof rankCandidateStates)[number];

/** Ended without promotion. INELIGIBLE candidates stay in the batch, marked, with the reasons. */
export const rankExitStates: readonly RankCandidateState[] = [
  'INELIGIBLE',
  ...exitedStates,
  'REJECTED',
  'NOT_APPROVED',
];
export const isRankExit = (s: RankCandidateState) => rankExitStates.includes(s);
export const isRankSettled = (s: RankCandidateState) => isRankExit(s) || s === 'PROMOTED';

/** 民主推荐 (recommendation) or 民主测评 (evaluation) results (art. 20). */
export interface EvaluationRecord {
  method: 'RECOMMENDATION' | 'EVALUATION';
  heldOn: string;
  participants: number;
  favourable: number;
  recordedBy: string;
  at: string;
  note?: string;
}

export interface RankCandidateView extends ProcedureCandidate<RankCandidateState> {
  currentRank: Rank;
  targetRank: Rank;
  eligible: boolean;
  vetting: VettingState;
  /** 考察了解 report (not needed with `simplifiedInspection`). */
  inspection?: CheckRecord;
  evaluation?: EvaluationRecord;
  approval?: { approved: boolean; approvedOn: string; documentNo?: string; authority?: string };
  /**
   * AWAITING_ASSESSMENT: the year whose annual assessment the office is to record (recordAssessment), and the file
   * eligibility is then computed again from.
   */
  awaitingAssessment?: { year: number; career: RankCareer };
}

export interface RankBatchState extends ProcedureState<RankCandidateView> {
  kind: 'RANK_PROMOTION';
  asOf: string;
  ruleset: StoredRankRuleset;
  quotas: { rank: Rank; seats: number }[];
}

export interface RankPromotionBatchInput {
  plan: RankBatchPlan;
  ruleset: StoredRankRuleset;
  startedBy: ActorRef;
  /** ROLE_SIGNALS of the API that started the batch; absent (batches started before it existed): `accept`. */
  roleSignals?: RoleSignals;
}

export interface RankBatchStartedPayload {
  kind: 'RANK_PROMOTION';
  workflowId: string;
  plan: RankBatchPlan;
  ruleset: StoredRankRuleset;
  roleSignals?: RoleSignals;
  /** Set when the batch's timers are scaled (tests, drills, demos). */
  scaledTimers?: ScaledTimers;
  eligibility: ({ personId: string } & Eligibility)[];
}
