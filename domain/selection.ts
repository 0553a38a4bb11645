import type { BatchKind, BatchPlan, BatchStage } from './batch';
import type { ActorRef } from './events';
import type { Ruleset } from './ruleset';

export const candidateStates = [
  'NOMINATED',
  'UNDER_INSPECTION',
  'VETTED',
  'ON_AGENDA',
  'APPROVED',
  'REJECTED',
  'DEFERRED',
  'IN_PUBLICITY',
  'ON_HOLD',
  'SUSPENDED',
  'READY_TO_APPOINT',
  'APPOINTED',
  'ON_PROBATION',
  'CONFIRMED',
  'PROBATION_FAILED',
  'WITHDRAWN',
  'VETOED',
  'DISQUALIFIED',
  'CANCELLED',
  'NOT_SELECTED',
] as const;
export type CandidateState = (typeof candidateStates)[number];

export interface SelectionBatchInput {
  plan: BatchPlan;
  ruleset: Ruleset;
  startedBy: ActorRef;
}

export interface BatchStartedPayload {
  kind: BatchKind;
  workflowId: string;
  plan: BatchPlan;
  ruleset: Ruleset;
}

export interface CandidateView {
  personId: string;
  positionId: string;
  branchId: string;
  state: CandidateState;
}

export interface BatchState {
  id: string;
  kind: BatchKind;
  stage: BatchStage;
  title: string;
  year: number;
  orgUnit: string;
  ruleset: Ruleset;
  candidates: CandidateView[];
  /** Sequence number of the last recorded event. */
  seq: number;
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
    candidates: plan.candidates.map((c) => ({
      personId: c.personId,
      positionId: c.positionId,
      branchId: c.branchId,
      state: 'UNDER_INSPECTION',
    })),
    seq: 0,
  };
}

export const batchWorkflowId = (batchId: string) => `batch-${batchId}`;
