import { orgStaff } from '../roles';
import { commandSchemas as s, type CommandName } from '../selection';
import { batchCommand, finalStepRefusals, procedureCommands, type BatchKindNaming } from './procedure';
import { commandTable } from './row';

const selection: BatchKindNaming = { collection: '/batches', operationPrefix: '' };
const step = procedureCommands({ ...selection, schemas: s, checkRefusals: [], tooMany: 'position.seats_exceeded' });

/** Every command of a selection batch (干部选拔), in the order the document lists them. */
export const selectionCommands = commandTable<CommandName>([
  step.recordCheck('Record a vetting check (凡提四必, branch opinion, integrity conclusion)'),
  step.recordDecision('Record a party group decision meeting (attendance, recusals, ballots per candidate)'),
  step.fileObjection('File an objection during the public notice (public, rate-limited; staff may register one)'),
  step.resolveObjection('Resolve an objection (unfounded, minor, upheld, unverifiable = 暂缓)'),
  step.withdraw('Withdraw a candidacy (ORG_HEAD, or the candidate themself)'),
  step.disqualify('Disqualify a candidate'),
  step.placeHold('Place a hold on a candidate or on the whole batch'),
  step.liftHold('Lift a hold'),
  batchCommand(selection, 'appoint', {
    schema: s.appoint,
    access: orgStaff,
    update: 'appoint',
    signals: ['appoint'],
    path: '/candidates/:personId/appointment',
    status: 201,
    fromPath: ['personId'],
    operationId: 'appointCandidate',
    summary: 'Issue the appointment notice (任职通知); probation starts',
    refusals: finalStepRefusals('appointment'),
  }),
  step.extendPublicity('Extend the public notice (never shorter)'),
  step.cancel('Cancel the batch'),
]);
