import { rankCommands } from '../domain/commands/rank';
import type {
  ApproveInput,
  AssessmentInput,
  EvaluationInput,
  RankBatchState,
  RankCheckInput,
} from '../domain/rank-promotion';
import { defineCheckMessages, defineStateQuery, wireOf } from './batch.messages';

// The steps every kind takes, with the same messages (wire names, payloads) as a selection batch's.
export * from './batch.messages';

export const rankStateQuery = defineStateQuery<RankBatchState>();

const wire = wireOf(rankCommands);

/** Checks: the selection's messages, plus the inspection (考察了解) as kind INSPECTION. */
export const {
  vettingResultSignal: rankVettingResultSignal,
  partyBranchOpinionSignal: rankBranchOpinionSignal,
  disciplineOpinionSignal: rankDisciplineOpinionSignal,
  recordCheckUpdate: rankCheckUpdate,
} = defineCheckMessages<RankCheckInput>(wire);

/** 民主推荐 / 民主测评 results of one candidate (art. 20). */
export const evaluationResultSignal = wire.signal<EvaluationInput>('recordEvaluation');
export const recordEvaluationUpdate = wire.update<EvaluationInput>('recordEvaluation');

/**
 * The annual assessment (年度考核) an AWAITING_ASSESSMENT candidate waits for, recorded by the org office; eligibility
 * is then computed again.
 */
export const assessmentResultSignal = wire.signal<AssessmentInput>('recordAssessment');
export const recordAssessmentUpdate = wire.update<AssessmentInput>('recordAssessment');

/** Approval by the competent authority (审批) with its document number; the rank change is recorded. */
export const rankApprovalSignal = wire.signal<ApproveInput>('approve');
export const approveRankUpdate = wire.update<ApproveInput>('approve');
