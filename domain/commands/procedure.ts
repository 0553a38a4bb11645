import type { z } from 'zod';
import { decisionViolationCodes } from '../decision';
import { orgStaff, type Role } from '../roles';
import type { Access, CommandRow, CommandSignal, RefusalStatus } from './row';

/** How one batch kind names its commands: its collection under /api/v1 and its operationIds. */
export interface BatchKindNaming {
  /** '/batches', '/rank-batches'. */
  collection: string;
  /** Prefix of the kind's operationIds ('' for selection, 'rank' for rank promotion). */
  operationPrefix: string;
}

type Refusals = Partial<Record<RefusalStatus, readonly string[]>>;

/** A batch command as a table writes it: the path below `/:id`, signals by name (or with the fields they imply). */
export interface BatchCommandSpec {
  schema: z.ZodType;
  access: Access;
  update: string;
  signals: readonly (string | CommandSignal)[];
  method?: 'post' | 'delete';
  path: string;
  status?: 200 | 201;
  fromPath?: readonly string[];
  operationId: string;
  summary: string;
  refusals: Refusals;
}

/** The row of a command sent to a batch workflow of the kind `naming` describes. */
export function batchCommand<const N extends string>(
  naming: BatchKindNaming,
  name: N,
  spec: BatchCommandSpec,
): CommandRow<N> {
  const { schema, access, update, signals, method = 'post', path, status = 200, fromPath, operationId } = spec;
  const prefix = naming.operationPrefix;
  return {
    name,
    target: 'batch',
    schema,
    access,
    update,
    signals: signals.map((s) => (typeof s === 'string' ? { name: s } : s)),
    http: { method, path: `${naming.collection}/:id${path}`, status, ...(fromPath ? { fromPath } : {}) },
    doc: {
      operationId: prefix ? `${prefix}${operationId.charAt(0).toUpperCase()}${operationId.slice(1)}` : operationId,
      summary: spec.summary,
      refusals: spec.refusals,
    },
  };
}

const checkRecorders: Role[] = [
  'ORG_OFFICER',
  'ORG_HEAD',
  'DISCIPLINE_GROUP',
  'BRANCH_SECRETARY',
  'PARTY_GROUP_SECRETARY',
];

/** Refusals of recording a check; `extra` are the kind's own. */
const checkRefusals = (extra: string[]): Refusals => ({
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

/** Refusals of the last step of a candidacy (appointment, approval). */
export const finalStepRefusals = (step: 'appointment' | 'approval'): Refusals => ({
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

const publicity = 'publicity.not_open';
const candidateState = { 404: ['candidate.not_found'], 422: ['candidate.wrong_state', 'batch.closed'] };

export type ProcedureCommand =
  | 'recordCheck'
  | 'recordDecision'
  | 'fileObjection'
  | 'resolveObjection'
  | 'withdraw'
  | 'disqualify'
  | 'placeHold'
  | 'liftHold'
  | 'extendPublicity'
  | 'cancel';

/** What a kind says of the steps every batch procedure shares: its schemas and its own refusals. */
export interface ProcedureKind extends BatchKindNaming {
  schemas: Record<ProcedureCommand, z.ZodType>;
  /** Refusals of a check the kind adds to the shared ones. */
  checkRefusals: string[];
  /** The code a decision answers when it promotes more than the kind allows. */
  tooMany: string;
}

/** A shared step, given the summary the kind's document shows for it. */
type Step<N extends string> = (summary: string) => CommandRow<N>;

/**
 * The steps every batch kind shares (decision meeting, public notice, objections, holds, withdrawal,
 * disqualification, cancellation), with the same wire names in every kind: an operator signals any batch alike.
 */
export function procedureCommands(kind: ProcedureKind): { [N in ProcedureCommand]: Step<N> } {
  const command =
    <const N extends ProcedureCommand>(name: N, spec: Omit<BatchCommandSpec, 'schema' | 'summary'>): Step<N> =>
    (summary) =>
      batchCommand(kind, name, { ...spec, schema: kind.schemas[name], summary });
  return {
    // The inspection (考察了解) of a rank candidate is a check of kind INSPECTION, sent as a vettingResult.
    recordCheck: command('recordCheck', {
      access: checkRecorders,
      update: 'recordCheck',
      signals: [
        { name: 'vettingResult' },
        { name: 'partyBranchOpinion', defaults: { kind: 'BRANCH_OPINION' } },
        { name: 'disciplineOpinion', defaults: { kind: 'DISCIPLINE_OPINION' } },
      ],
      path: '/candidates/:personId/checks',
      status: 201,
      fromPath: ['personId'],
      operationId: 'recordCheck',
      refusals: checkRefusals(kind.checkRefusals),
    }),
    recordDecision: command('recordDecision', {
      access: ['PARTY_GROUP_SECRETARY'],
      update: 'recordDecision',
      signals: ['partyGroupDecision'],
      path: '/meetings',
      status: 201,
      operationId: 'recordMeeting',
      refusals: { 422: ['meeting.already_recorded', kind.tooMany, ...decisionViolationCodes, 'batch.closed'] },
    }),
    fileObjection: command('fileObjection', {
      access: 'public',
      update: 'fileObjection',
      signals: ['objection'],
      path: '/candidates/:personId/objections',
      status: 201,
      fromPath: ['personId'],
      operationId: 'fileObjection',
      refusals: { 404: ['candidate.not_found'], 422: [publicity, 'objection.duplicate', 'batch.closed'] },
    }),
    resolveObjection: command('resolveObjection', {
      access: ['ORG_HEAD'],
      update: 'resolveObjection',
      signals: ['objectionResolution'],
      path: '/objections/:objectionId/resolution',
      fromPath: ['objectionId'],
      operationId: 'resolveObjection',
      refusals: {
        404: ['objection.not_found'],
        422: [
          'objection.already_resolved',
          'objection.already_suspended',
          'objection.feedback_required',
          'batch.closed',
        ],
      },
    }),
    withdraw: command('withdraw', {
      access: 'authenticated',
      update: 'withdrawCandidate',
      signals: ['withdraw'],
      path: '/candidates/:personId/withdrawal',
      fromPath: ['personId'],
      operationId: 'withdrawCandidate',
      refusals: candidateState,
    }),
    disqualify: command('disqualify', {
      access: ['ORG_HEAD'],
      update: 'disqualifyCandidate',
      signals: ['disqualify'],
      path: '/candidates/:personId/disqualification',
      fromPath: ['personId'],
      operationId: 'disqualifyCandidate',
      refusals: candidateState,
    }),
    placeHold: command('placeHold', {
      access: ['DISCIPLINE_GROUP'],
      update: 'placeHold',
      signals: ['hold'],
      path: '/holds',
      status: 201,
      operationId: 'placeHold',
      refusals: { 404: ['candidate.not_found'], 422: ['hold.duplicate', 'batch.closed'] },
    }),
    liftHold: command('liftHold', {
      access: ['DISCIPLINE_GROUP'],
      update: 'liftHold',
      signals: ['liftHold'],
      method: 'delete',
      path: '/holds/:holdId',
      fromPath: ['holdId'],
      operationId: 'liftHold',
      refusals: { 404: ['hold.not_found'], 422: ['batch.closed'] },
    }),
    extendPublicity: command('extendPublicity', {
      access: orgStaff,
      update: 'extendPublicity',
      signals: ['extendPublicity'],
      path: '/publicity/extension',
      operationId: 'extendPublicity',
      refusals: { 422: [publicity, 'publicity.never_shorter', 'batch.closed'] },
    }),
    cancel: command('cancel', {
      access: ['ORG_HEAD'],
      update: 'cancelBatch',
      signals: ['cancel'],
      path: '/cancellation',
      operationId: 'cancelBatch',
      refusals: { 422: ['batch.closed'] },
    }),
  };
}
