import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  ApproveInput,
  AssessmentInput,
  EvaluationInput,
  RankBatchState,
  RankCheckInput,
  RankCommandName,
} from '../domain/rank-promotion';
import type { CommandName, CommandResult, SignalEnvelope } from '../domain/selection';
import type { CommandMessage, CommandMessages } from './messaging';
import * as shared from './selection-batch.messages';

// The steps a rank batch shares with a selection batch keep their messages (same wire names, same payloads), so an
// operator signals either kind of batch alike.
export {
  calendarUpdatedSignal,
  cancelSignal,
  cancelUpdate,
  disqualifySignal,
  disqualifyUpdate,
  extendPublicitySignal,
  extendPublicityUpdate,
  fileObjectionUpdate,
  holdSignal,
  liftHoldSignal,
  liftHoldUpdate,
  objectionResolutionSignal,
  objectionSignal,
  partyGroupDecisionSignal,
  placeHoldUpdate,
  recordDecisionUpdate,
  resolveObjectionUpdate,
  withdrawSignal,
  withdrawUpdate,
} from './selection-batch.messages';

export const rankStateQuery = defineQuery<RankBatchState>('state');

// Checks: the selection's signals, plus the inspection (考察了解) as kind INSPECTION.
export const rankVettingResultSignal = defineSignal<[SignalEnvelope<RankCheckInput>]>('vettingResult');
export const rankBranchOpinionSignal =
  defineSignal<[SignalEnvelope<Omit<RankCheckInput, 'kind'>>]>('partyBranchOpinion');
export const rankDisciplineOpinionSignal =
  defineSignal<[SignalEnvelope<Omit<RankCheckInput, 'kind'>>]>('disciplineOpinion');
export const rankCheckUpdate = defineUpdate<CommandResult, [SignalEnvelope<RankCheckInput>]>('recordCheck');

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

/** Selection's commands a rank batch has too (same messages); its checks take INSPECTION, so they are its own. */
const isShared = (c: CommandMessage<CommandName>): c is CommandMessage<CommandName & RankCommandName> =>
  c.name !== 'recordCheck' && c.name !== 'appoint';

/** Each command with its update and signals: the shared steps' messages as selection's, then rank's own. */
export const rankCommandMessages: CommandMessages<RankCommandName> = [
  {
    name: 'recordCheck',
    update: rankCheckUpdate,
    signals: [
      { def: rankVettingResultSignal },
      { def: rankBranchOpinionSignal, defaults: { kind: 'BRANCH_OPINION' } },
      { def: rankDisciplineOpinionSignal, defaults: { kind: 'DISCIPLINE_OPINION' } },
    ],
  },
  { name: 'recordEvaluation', update: recordEvaluationUpdate, signals: [{ def: evaluationResultSignal }] },
  { name: 'recordAssessment', update: recordAssessmentUpdate, signals: [{ def: assessmentResultSignal }] },
  ...shared.commandMessages.filter(isShared),
  { name: 'approve', update: approveRankUpdate, signals: [{ def: rankApprovalSignal }] },
];
