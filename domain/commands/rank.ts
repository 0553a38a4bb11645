import { rankCommandSchemas as s, type RankCommandName } from '../rank-promotion';
import { orgStaff } from '../roles';
import { batchCommand, finalStepRefusals, procedureCommands, type BatchKindNaming } from './procedure';
import { commandTable } from './row';

const rank: BatchKindNaming = { collection: '/rank-batches', operationPrefix: 'rank' };
const step = procedureCommands({
  ...rank,
  schemas: s,
  checkRefusals: ['check.not_required'],
  tooMany: 'quota.exceeded',
});

/** Every command of a rank promotion batch (职级晋升), in the order the document lists them. */
export const rankCommands = commandTable<RankCommandName>([
  batchCommand(rank, 'recordEvaluation', {
    schema: s.recordEvaluation,
    access: orgStaff,
    update: 'recordEvaluation',
    signals: ['evaluationResult'],
    path: '/candidates/:personId/evaluation',
    status: 201,
    fromPath: ['personId'],
    operationId: 'recordEvaluation',
    summary: 'Record 民主推荐 / 民主测评 results of a rank candidate',
    refusals: {
      404: ['candidate.not_found'],
      422: ['evaluation.already_recorded', 'candidate.wrong_state', 'batch.closed'],
    },
  }),
  batchCommand(rank, 'recordAssessment', {
    schema: s.recordAssessment,
    access: orgStaff,
    update: 'recordAssessment',
    signals: ['assessmentResult'],
    path: '/candidates/:personId/assessments',
    status: 201,
    fromPath: ['personId'],
    operationId: 'recordAssessment',
    summary:
      'Record the annual assessment (年度考核) an AWAITING_ASSESSMENT candidate waits for; eligibility is computed again',
    refusals: {
      404: ['candidate.not_found'],
      422: ['candidate.wrong_state', 'assessment.not_awaited', 'batch.closed'],
    },
  }),
  step.recordCheck('Record a vetting check of a rank candidate (INSPECTION included)'),
  step.recordDecision('Record the party group decision on rank promotions'),
  step.fileObjection('File an objection during the public notice of a rank promotion (public, rate-limited)'),
  step.resolveObjection('Resolve an objection on a rank promotion'),
  step.withdraw('Withdraw a rank candidacy'),
  step.disqualify('Disqualify a rank candidate'),
  step.placeHold('Place a hold in a rank batch'),
  step.liftHold('Lift a hold in a rank batch'),
  step.extendPublicity('Extend the public notice of a rank batch (never shorter)'),
  step.cancel('Cancel a rank batch'),
  batchCommand(rank, 'approve', {
    schema: s.approve,
    access: ['ORG_HEAD'],
    update: 'approveRankPromotion',
    signals: ['rankApproval'],
    path: '/candidates/:personId/approval',
    status: 201,
    fromPath: ['personId'],
    operationId: 'approve',
    summary: 'Record the approval (审批) of a rank promotion, with its document number',
    refusals: finalStepRefusals('approval'),
  }),
]);
