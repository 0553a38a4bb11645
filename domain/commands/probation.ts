import { appointmentTalkSchema, probationOutcomeSchema } from '../probation';
import { orgStaff } from '../roles';
import { commandTable } from './row';

const probationClosed = { 404: ['probation.not_found'], 409: ['probation.closed'] };

/** The commands of an appointee's probation (试用期), sent to its own workflow (`probation-<batch>-<person>`). */
export const probationCommands = commandTable([
  {
    name: 'appointmentTalk',
    target: 'probation',
    schema: appointmentTalkSchema,
    access: orgStaff,
    update: 'recordAppointmentTalk',
    signals: [{ name: 'appointmentTalk' }],
    http: { method: 'post', path: '/batches/:id/candidates/:personId/appointment-talk', status: 200 },
    doc: {
      operationId: 'recordAppointmentTalk',
      summary: 'Record the appointment talk (任职谈话) of an appointee on probation',
      refusals: { ...probationClosed, 422: ['talk.already_recorded', 'talk.before_notice'] },
    },
  },
  {
    name: 'probationOutcome',
    target: 'probation',
    schema: probationOutcomeSchema,
    access: ['ORG_HEAD'],
    update: 'recordProbationOutcome',
    signals: [{ name: 'probationOutcome' }],
    http: { method: 'post', path: '/batches/:id/candidates/:personId/probation-outcome', status: 200 },
    doc: {
      operationId: 'recordProbationOutcome',
      summary: 'Record the probation outcome (CONFIRMED after the year, PROBATION_FAILED with a reason)',
      refusals: {
        ...probationClosed,
        422: ['probation.already_decided', 'probation.not_ended', 'probation.reason_required'],
      },
    },
  },
]);
