import { defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  ApproveInput,
  AssessmentInput,
  EvaluationInput,
  RankBatchState,
  RankCheckInput,
  RankCommandName,
} from '../domain/rank-promotion';
import type { CommandResult, SignalEnvelope } from '../domain/selection';
import { defineCheckMessages, defineStateQuery, sharedCommandMessages } from './batch.messages';
import type { CommandMessages } from './messaging';

// The steps every kind takes, with the same messages (wire names, payloads) as a selection batch's.
export * from './batch.messages';

export const rankStateQuery = defineStateQuery<RankBatchState>();

/** Checks: the selection's messages, plus the inspection (考察了解) as kind INSPECTION. */
const checks = defineCheckMessages<RankCheckInput>();
export const {
  vettingResultSignal: rankVettingResultSignal,
  partyBranchOpinionSignal: rankBranchOpinionSignal,
  disciplineOpinionSignal: rankDisciplineOpinionSignal,
  recordCheckUpdate: rankCheckUpdate,
} = checks;

/** 民主推荐 / 民主测评 results of one candidate (art. 20). */
export const evaluationResultSignal = defineSignal<[SignalEnvelope<EvaluationInput>]>('evaluationResult');
export const recordEvaluationUpdate = defineUpdate<CommandResult, [SignalEnvelope<EvaluationInput>]>(
  'recordEvaluation',
);

/**
 * The annual assessment (年度考核) an AWAITING_ASSESSMENT candidate waits for, recorded by the org office; eligibility
 * is then computed again.
 */
export const assessmentResultSignal = defineSignal<[SignalEnvelope<AssessmentInput>]>('assessmentResult');
export const recordAssessmentUpdate = defineUpdate<CommandResult, [SignalEnvelope<AssessmentInput>]>(
  'recordAssessment',
);

/** Approval by the competent authority (审批) with its document number; the rank change is recorded. */
export const rankApprovalSignal = defineSignal<[SignalEnvelope<ApproveInput>]>('rankApproval');
export const approveRankUpdate = defineUpdate<CommandResult, [SignalEnvelope<ApproveInput>]>('approveRankPromotion');

/** Each command with its update and signals. */
export const rankCommandMessages: CommandMessages<RankCommandName> = [
  checks.recordCheck,
  { name: 'recordEvaluation', update: recordEvaluationUpdate, signals: [{ def: evaluationResultSignal }] },
  { name: 'recordAssessment', update: recordAssessmentUpdate, signals: [{ def: assessmentResultSignal }] },
  ...sharedCommandMessages,
  { name: 'approve', update: approveRankUpdate, signals: [{ def: rankApprovalSignal }] },
];
