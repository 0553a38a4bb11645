import type { BatchKind, BatchPlan, PositionLevel } from '../batch';
import type { ActorRef, RoleSignals } from '../events';
import {
  decisionAndNoticeStates,
  exitedStates,
  procedureStart,
  type ProcedureCandidate,
  type ProcedureState,
} from '../procedure/state';
import type { StoredRuleset } from '../ruleset';
import { initialVettingState, type VettingState } from '../vetting';

export const candidateStates = [
  'NOMINATED',
  'UNDER_INSPECTION',
  'VETTED',
  'ON_AGENDA',
  ...decisionAndNoticeStates,
  'READY_TO_APPOINT',
  'APPOINTED',
  'ON_PROBATION',
  'CONFIRMED',
  'PROBATION_FAILED',
  ...exitedStates,
] as const;
export type CandidateState = (typeof candidateStates)[number];

/** Ended before appointment. REJECTED (vote threshold missed) ends the candidacy in this batch too. */
export const exitStates: readonly CandidateState[] = [...exitedStates, 'REJECTED'];
const appointedStates: readonly CandidateState[] = ['APPOINTED', 'ON_PROBATION', 'CONFIRMED', 'PROBATION_FAILED'];
export const isExit = (s: CandidateState) => exitStates.includes(s);
export const isSettled = (s: CandidateState) => isExit(s) || appointedStates.includes(s);

export interface SelectionBatchInput {
  plan: BatchPlan;
  ruleset: StoredRuleset;
  startedBy: ActorRef;
  /** ROLE_SIGNALS of the API that started the batch; absent (batches started before it existed): `accept`. */
  roleSignals?: RoleSignals;
  /** Set when a run continues the one before it (continue-as-new): where that run stood. */
  carry?: SelectionBatchCarry;
  /** A run continues as new once its history holds this many events (default 10,000; tests set fewer). */
  continueAsNewAfterEvents?: number;
}

/** What a batch's run hands to the next one when its history grows long: the state and its watchers' progress. */
export interface SelectionBatchCarry {
  state: BatchState;
  /** The day the opinions were requested (the first run's start). */
  opinionsRequestedOn: string;
  opinionsReminded: boolean;
  /** The deadline being waited for, not yet escalated. */
  opinionsDue?: { end: string; endsAt: string };
  /** `personId@suspendedUntil` of the suspensions whose expiry has been notified. */
  suspensionsNotified: string[];
}

export interface BatchStartedPayload {
  kind: BatchKind;
  workflowId: string;
  plan: BatchPlan;
  ruleset: StoredRuleset;
}

export interface CandidateView extends ProcedureCandidate<CandidateState> {
  positionId: string;
  vetting: VettingState;
  appointment?: { documentNo: string; noticeDate: string; decisionDate: string };
}

export interface BatchState extends ProcedureState<CandidateView> {
  positions: { id: string; level: PositionLevel; seats: number }[];
  /** The current deadline for outstanding opinions (5 working days after the request, then each escalation). */
  opinionsDueOn?: string;
}

export function initialState({ plan, ruleset }: SelectionBatchInput): BatchState {
  return {
    id: plan.id,
    kind: 'SELECTION',
    stage: 'INSPECTING',
    title: plan.title,
    year: plan.year,
    orgUnit: plan.orgUnit,
    ruleset,
    positions: plan.positions.map((p) => ({ id: p.id, level: p.level, seats: p.seats })),
    ...procedureStart(plan),
    candidates: plan.candidates.map((c) => ({
      personId: c.personId,
      positionId: c.positionId,
      branchId: c.branchId,
      state: 'UNDER_INSPECTION',
      vetting: initialVettingState,
    })),
    waitingFor: 'vetting of every candidate (凡提四必, branch and integrity opinions)',
  };
}

export const batchWorkflowId = (batchId: string) => `batch-${batchId}`;
export const probationWorkflowId = (batchId: string, personId: string) => `probation-${batchId}-${personId}`;
