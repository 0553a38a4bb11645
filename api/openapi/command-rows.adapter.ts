import type { z } from 'zod';
import { decisionViolationCodes } from '../../domain/decision';
import { accessMatrix } from '../access';
import { commandRoutes } from '../commands.routes';
import type { Access } from '../guard';
import { rankBatchesAccess, rankCommandRoutes } from '../rank-batches.routes';

// Until the command tables (CONTRACT-14.md) land: today's command routes and their documentation as rows of the
// contract's shape, which is all the document reads of commands. The tables replace this file.

export type RefusalStatus = 400 | 403 | 404 | 409 | 422;

export interface CommandRow {
  /** The domain command, e.g. 'recordCheck'; unique within its table. */
  name: string;
  /** Which workflow the command goes to. */
  target: 'batch' | 'probation';
  /** The request body, which is also the update/signal payload without `actor` and `requestId`. */
  schema: z.ZodType;
  /** The API guard (domain.md §1); the finer rules (own branch, stage…) are the domain check. */
  access: Access;
  /** Wire names: the update the API calls, the signals operators send (with fields a signal implies). */
  update: string;
  signals: readonly { name: string; defaults?: Readonly<Record<string, unknown>> }[];
  http: {
    method: 'post' | 'delete';
    /** Express path under /api/v1, e.g. '/batches/:id/candidates/:personId/checks'. */
    path: string;
    status: 200 | 201;
    /** Path parameters merged into the body before validation, e.g. ['personId']. */
    fromPath?: readonly string[];
  };
  doc: {
    operationId: string;
    summary: string;
    /** Refusal codes the command can answer, by HTTP status (refusalStatus in api/problem.ts maps code → status). */
    refusals: Partial<Record<RefusalStatus, readonly string[]>>;
  };
}

/** A table: every command of one kind (selection, rank promotion, probation). */
export type CommandTable = readonly CommandRow[];

type Doc = CommandRow['doc'] & { name: string };

const publicity = 'publicity.not_open';
const candidateState = { 404: ['candidate.not_found'], 422: ['candidate.wrong_state', 'batch.closed'] };
const resolveObjection = {
  404: ['objection.not_found'],
  422: ['objection.already_resolved', 'objection.already_suspended', 'objection.feedback_required', 'batch.closed'],
};
const checkRefusals = (extra: string[]) => ({
  403: ['branch.not_own'],
  404: ['candidate.not_found'],
  422: [
    'candidate.wrong_state',
    ...extra,
    'check.reason_required',
    'check.already_recorded',
    'signature.already_given',
    'signature.same_person',
    'vetting.closed',
    'batch.closed',
  ],
});
const fileObjection = { 404: ['candidate.not_found'], 422: [publicity, 'objection.duplicate', 'batch.closed'] };
const placeHold = { 404: ['candidate.not_found'], 422: ['hold.duplicate', 'batch.closed'] };
const liftHold = { 404: ['hold.not_found'], 422: ['batch.closed'] };
const extendPublicity = { 422: [publicity, 'publicity.never_shorter', 'batch.closed'] };
const cancel = { 422: ['batch.closed'] };
const decide = (quota: string) => ({
  422: ['meeting.already_recorded', quota, ...decisionViolationCodes, 'batch.closed'],
});
const finalStep = (step: 'appointment' | 'approval') => ({
  404: ['candidate.not_found'],
  422: [
    'candidate.on_hold',
    'objection.open',
    'candidate.wrong_state',
    `${step}.before_publicity_end`,
    `${step}.too_far_ahead`,
    'batch.closed',
  ],
});

/** Rule codes per command (domain/selection.ts, decision.ts, vetting.ts, probation.ts); statuses as the API maps them. */
const selectionDocs: Record<string, Doc> = {
  '/batches/:id/candidates/:personId/checks': {
    name: 'recordCheck',
    operationId: 'recordCheck',
    summary: 'Record a vetting check (凡提四必, branch opinion, integrity conclusion)',
    refusals: checkRefusals([]),
  },
  '/batches/:id/meetings': {
    name: 'recordDecision',
    operationId: 'recordMeeting',
    summary: 'Record a party group decision meeting (attendance, recusals, ballots per candidate)',
    refusals: decide('position.seats_exceeded'),
  },
  '/batches/:id/candidates/:personId/objections': {
    name: 'fileObjection',
    operationId: 'fileObjection',
    summary: 'File an objection during the public notice (public, rate-limited; staff may register one)',
    refusals: fileObjection,
  },
  '/batches/:id/objections/:objectionId/resolution': {
    name: 'resolveObjection',
    operationId: 'resolveObjection',
    summary: 'Resolve an objection (unfounded, minor, upheld, unverifiable = 暂缓)',
    refusals: resolveObjection,
  },
  '/batches/:id/candidates/:personId/withdrawal': {
    name: 'withdraw',
    operationId: 'withdrawCandidate',
    summary: 'Withdraw a candidacy (ORG_HEAD, or the candidate themself)',
    refusals: candidateState,
  },
  '/batches/:id/candidates/:personId/disqualification': {
    name: 'disqualify',
    operationId: 'disqualifyCandidate',
    summary: 'Disqualify a candidate',
    refusals: candidateState,
  },
  '/batches/:id/holds': {
    name: 'placeHold',
    operationId: 'placeHold',
    summary: 'Place a hold on a candidate or on the whole batch',
    refusals: placeHold,
  },
  '/batches/:id/holds/:holdId': {
    name: 'liftHold',
    operationId: 'liftHold',
    summary: 'Lift a hold',
    refusals: liftHold,
  },
  '/batches/:id/candidates/:personId/appointment': {
    name: 'appoint',
    operationId: 'appointCandidate',
    summary: 'Issue the appointment notice (任职通知); probation starts',
    refusals: finalStep('appointment'),
  },
  '/batches/:id/publicity/extension': {
    name: 'extendPublicity',
    operationId: 'extendPublicity',
    summary: 'Extend the public notice (never shorter)',
    refusals: extendPublicity,
  },
  '/batches/:id/cancellation': {
    name: 'cancel',
    operationId: 'cancelBatch',
    summary: 'Cancel the batch',
    refusals: cancel,
  },
  '/batches/:id/candidates/:personId/appointment-talk': {
    name: 'appointmentTalk',
    operationId: 'recordAppointmentTalk',
    summary: 'Record the appointment talk (任职谈话) of an appointee on probation',
    refusals: {
      404: ['probation.not_found'],
      409: ['probation.closed'],
      422: ['talk.already_recorded', 'talk.before_notice'],
    },
  },
  '/batches/:id/candidates/:personId/probation-outcome': {
    name: 'probationOutcome',
    operationId: 'recordProbationOutcome',
    summary: 'Record the probation outcome (CONFIRMED after the year, PROBATION_FAILED with a reason)',
    refusals: {
      404: ['probation.not_found'],
      409: ['probation.closed'],
      422: ['probation.already_decided', 'probation.not_ended', 'probation.reason_required'],
    },
  },
};

const rankDocs: Record<string, Doc> = {
  '/rank-batches/:id/candidates/:personId/evaluation': {
    name: 'recordEvaluation',
    operationId: 'rankRecordEvaluation',
    summary: 'Record 民主推荐 / 民主测评 results of a rank candidate',
    refusals: {
      404: ['candidate.not_found'],
      422: ['evaluation.already_recorded', 'candidate.wrong_state', 'batch.closed'],
    },
  },
  '/rank-batches/:id/candidates/:personId/assessments': {
    name: 'recordAssessment',
    operationId: 'rankRecordAssessment',
    summary:
      'Record the annual assessment (年度考核) an AWAITING_ASSESSMENT candidate waits for; eligibility is computed again',
    refusals: {
      404: ['candidate.not_found'],
      422: ['candidate.wrong_state', 'assessment.not_awaited', 'batch.closed'],
    },
  },
  '/rank-batches/:id/candidates/:personId/checks': {
    name: 'recordCheck',
    operationId: 'rankRecordCheck',
    summary: 'Record a vetting check of a rank candidate (INSPECTION included)',
    refusals: checkRefusals(['check.not_required']),
  },
  '/rank-batches/:id/meetings': {
    name: 'recordDecision',
    operationId: 'rankRecordMeeting',
    summary: 'Record the party group decision on rank promotions',
    refusals: decide('quota.exceeded'),
  },
  '/rank-batches/:id/candidates/:personId/objections': {
    name: 'fileObjection',
    operationId: 'rankFileObjection',
    summary: 'File an objection during the public notice of a rank promotion (public, rate-limited)',
    refusals: fileObjection,
  },
  '/rank-batches/:id/objections/:objectionId/resolution': {
    name: 'resolveObjection',
    operationId: 'rankResolveObjection',
    summary: 'Resolve an objection on a rank promotion',
    refusals: resolveObjection,
  },
  '/rank-batches/:id/candidates/:personId/withdrawal': {
    name: 'withdraw',
    operationId: 'rankWithdrawCandidate',
    summary: 'Withdraw a rank candidacy',
    refusals: candidateState,
  },
  '/rank-batches/:id/candidates/:personId/disqualification': {
    name: 'disqualify',
    operationId: 'rankDisqualifyCandidate',
    summary: 'Disqualify a rank candidate',
    refusals: candidateState,
  },
  '/rank-batches/:id/holds': {
    name: 'placeHold',
    operationId: 'rankPlaceHold',
    summary: 'Place a hold in a rank batch',
    refusals: placeHold,
  },
  '/rank-batches/:id/holds/:holdId': {
    name: 'liftHold',
    operationId: 'rankLiftHold',
    summary: 'Lift a hold in a rank batch',
    refusals: liftHold,
  },
  '/rank-batches/:id/publicity/extension': {
    name: 'extendPublicity',
    operationId: 'rankExtendPublicity',
    summary: 'Extend the public notice of a rank batch (never shorter)',
    refusals: extendPublicity,
  },
  '/rank-batches/:id/cancellation': {
    name: 'cancel',
    operationId: 'rankCancelBatch',
    summary: 'Cancel a rank batch',
    refusals: cancel,
  },
  '/rank-batches/:id/candidates/:personId/approval': {
    name: 'approve',
    operationId: 'rankApprove',
    summary: 'Record the approval (审批) of a rank promotion, with its document number',
    refusals: finalStep('approval'),
  },
};

interface TodaysRoute {
  method: 'post' | 'delete';
  path: string;
  schema: z.ZodType;
  update: { name: string };
  target: 'batch' | 'probation';
  status?: number;
  fromPath?: readonly string[];
}

function row(route: TodaysRoute, access: Record<string, Access>, docs: Record<string, Doc>): CommandRow {
  const endpoint = `${route.method.toUpperCase()} ${route.path}`;
  const doc = docs[route.path];
  const routeAccess = access[endpoint];
  if (!doc || !routeAccess) throw new Error(`openapi: ${endpoint} has no documentation or no access`);
  const { name, ...rest } = doc;
  return {
    name,
    target: route.target,
    schema: route.schema,
    access: routeAccess,
    update: route.update.name,
    // The document does not show signals.
    signals: [],
    http: {
      method: route.method,
      path: route.path,
      status: route.status === 201 ? 201 : 200,
      ...(route.fromPath ? { fromPath: route.fromPath } : {}),
    },
    doc: rest,
  };
}

const selectionRows = commandRoutes.map((route) => row(route, accessMatrix, selectionDocs));
const rankRows = rankCommandRoutes.map((route) => {
  const [method, path] = route.endpoint.split(' ') as ['POST' | 'DELETE', string];
  return row(
    { ...route, method: method === 'POST' ? 'post' : 'delete', path, target: 'batch' },
    rankBatchesAccess,
    rankDocs,
  );
});

export const selectionCommands: CommandTable = selectionRows.filter((r) => r.target === 'batch');
export const probationCommands: CommandTable = selectionRows.filter((r) => r.target === 'probation');
export const rankCommands: CommandTable = rankRows;
