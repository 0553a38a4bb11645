import { Router } from 'express';
import swaggerUi from 'swagger-ui-express';
import { z } from 'zod';
import { batchKinds, batchStages, startBatchSchema } from '../domain/batch';
import { calendarYearSchema } from '../domain/calendar';
import { decisionViolationCodes } from '../domain/decision';
import { channels } from '../domain/events';
import { rankBatchSchema } from '../domain/rank-promotion';
import { roles } from '../domain/roles';
import { accessMatrix, type Access } from './access';
import * as batchesModule from './batches.routes';
import * as calendarModule from './calendar.routes';
import { codecAccess, codecBodySchema } from './codec.routes';
import { commandRoutes } from './commands.routes';
import { problemsPage } from './problem-docs';
import { rankBatchesAccess, rankCommandRoutes } from './rank-batches.routes';
import * as reportsModule from './reports.routes';
import { reportsAccess } from './reports.routes';
import { createTrainingSessionSchema, trainingEvaluationSchema, trainingListQuerySchema } from './training.routes';

/**
 * The OpenAPI 3.1 document of the HTTP API, generated from the zod schemas that validate the requests (bodies, query
 * strings, path parameters) and from the role matrix (api/access.ts). Response shapes are declared here with zod too,
 * so one JSON Schema dialect (2020-12, OpenAPI 3.1's own) describes both directions.
 */

type Json = Record<string, unknown>;
type Method = 'get' | 'post' | 'put' | 'delete';

const API = '/api/v1';
const problemJson = 'application/problem+json';

// ---------- request schemas the routers keep to themselves ----------

/**
 * Query and path schemas declared inside route files. They are read from the module when it exports them (the same
 * object then validates and documents); until it does, the mirror below documents the same rules.
 */
function routeSchema<S extends z.ZodType>(mod: object, name: string, mirror: S): z.ZodType {
  const exported = (mod as Record<string, unknown>)[name];
  return exported instanceof z.ZodType ? exported : mirror;
}

const listQuerySchema = routeSchema(
  batchesModule,
  'listQuerySchema',
  z.strictObject({
    stage: z.enum(batchStages).optional(),
    kind: z.enum(batchKinds).optional(),
    year: z.coerce.number().int().min(2000).max(2100).optional(),
    orgUnit: z.string().min(1).max(100).optional(),
    cursor: z.string().max(500).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  }),
);
const workingDaysQuerySchema = routeSchema(
  calendarModule,
  'workingDaysQuerySchema',
  z.strictObject({ from: z.iso.date(), days: z.coerce.number().int().min(1).max(366) }),
);
const yearParamsSchema = routeSchema(
  calendarModule,
  'yearParamsSchema',
  z.strictObject({
    year: z
      .string()
      .regex(/^\d{4}$/, 'a four-digit year')
      .transform(Number)
      .pipe(z.number().int().min(2000).max(2100)),
  }),
);
const annualQuerySchema = routeSchema(
  reportsModule,
  'annualQuerySchema',
  z.strictObject({ year: z.coerce.number().int().min(2000).max(2100) }),
);

// ---------- response schemas ----------

const dateTime = z.iso.datetime();
const isoDate = z.iso.date();
const nullableText = z.string().nullable();

const fieldErrorSchema = z.object({ path: z.string(), message: z.string() });
const problemSchema = z
  .looseObject({
    type: z.string().describe('`/docs/problems#<code>`: the code’s entry in the catalogue this service serves'),
    title: z.string(),
    status: z.int().min(400).max(599),
    code: z.string().describe('stable, dotted error code, e.g. `quorum.not_met`'),
    detail: z.string(),
    instance: z.string().describe('the request path'),
    requestId: z.string().describe('also in the X-Request-Id response header'),
    errors: z.array(fieldErrorSchema).optional().describe('offending fields'),
  })
  .describe('RFC 9457 problem details with a stable `code`');

const linksSchema = z.looseObject({ self: z.string(), audit: z.string(), temporalUi: z.string().optional() });

const batchSummarySchema = z.looseObject({
  id: z.string(),
  kind: z.enum(batchKinds),
  title: z.string(),
  year: z.int(),
  orgUnit: z.string(),
  stage: z.enum(batchStages),
  workflowId: z.string(),
  createdAt: dateTime,
  updatedAt: dateTime,
});

const checkSchema = z
  .looseObject({
    kind: z.string(),
    signer: z.string(),
    result: z.enum(['clear', 'issues_not_affecting', 'affects_use']),
    actorId: z.string(),
    actorRole: z.string(),
    recordedAt: dateTime,
    note: nullableText.optional().describe('confidential: ORG_OFFICER, ORG_HEAD, DISCIPLINE_GROUP, AUDITOR'),
    reason: nullableText.optional().describe('confidential: ORG_OFFICER, ORG_HEAD, DISCIPLINE_GROUP, AUDITOR'),
  })
  .describe('a recorded vetting check');

const appointmentSchema = z.looseObject({
  positionId: z.string(),
  level: z.string(),
  documentNo: z.string(),
  noticeDate: isoDate,
  decisionDate: isoDate,
  talkOn: isoDate.nullable(),
  talkBy: nullableText,
  issuedBy: z.string(),
});

const probationSchema = z.looseObject({
  workflowId: z.string(),
  startsOn: isoDate,
  endsOn: isoDate,
  outcome: z.enum(['CONFIRMED', 'PROBATION_FAILED']).nullable(),
  decidedBy: nullableText,
  decidedAt: dateTime.nullable(),
  reason: nullableText,
});

const meetingSchema = z.looseObject({
  meetingId: z.string(),
  heldOn: isoDate,
  members: z.int(),
  attendance: z.array(z.string()),
  minutesRef: nullableText,
  recordedBy: z.string(),
  recordedAt: dateTime,
  decisions: z.array(
    z.looseObject({
      personId: z.string(),
      outcome: z.enum(['APPROVED', 'REJECTED', 'DEFERRED']),
      agree: z.int(),
      disagree: z.int(),
      defer: z.int(),
      present: z.int(),
      recused: z.array(z.string()),
    }),
  ),
  votes: z
    .array(
      z.looseObject({
        personId: z.string(),
        memberId: z.string(),
        vote: z.enum(['AGREE', 'DISAGREE', 'DEFER']),
        position: z.int(),
      }),
    )
    .optional()
    .describe(
      'individual ballots: ORG_HEAD, DISCIPLINE_GROUP, AUDITOR, PARTY_GROUP_SECRETARY, PARTY_GROUP_MEMBER only',
    ),
});

const publicityWindowSchema = z.looseObject({
  windowNo: z.int(),
  personIds: z.array(z.string()),
  startsOn: isoDate,
  endsOn: isoDate,
  endsAt: dateTime,
  workingDays: z.int().min(5),
  extendedBy: nullableText,
  closedAt: dateTime.nullable(),
});

const confidential = 'confidential: ORG_OFFICER, ORG_HEAD, DISCIPLINE_GROUP, AUDITOR only';
const objectionSchema = z.looseObject({
  objectionId: z.string(),
  personId: z.string(),
  channel: z.enum(['PUBLIC', 'STAFF']),
  receivedAt: dateTime,
  registeredBy: nullableText,
  status: z.enum(['OPEN', 'SUSPENDED', 'RESOLVED']),
  resolution: z.enum(['unfounded', 'minor', 'upheld', 'unverifiable']).nullable(),
  resolvedBy: nullableText,
  resolvedAt: dateTime.nullable(),
  suspendedUntil: dateTime.nullable(),
  content: z.string().optional().describe(confidential),
  reporterName: nullableText.optional().describe(confidential),
  reporterContact: nullableText.optional().describe(confidential),
  feedback: nullableText.optional().describe(confidential),
  resolutionNote: nullableText.optional().describe(confidential),
  resolutions: z
    .array(
      z.looseObject({
        resolution: z.enum(['unfounded', 'minor', 'upheld', 'unverifiable']),
        resolvedBy: z.string(),
        resolvedAt: dateTime,
        suspendedUntil: dateTime.nullable(),
        note: nullableText.optional().describe(confidential),
        feedback: nullableText.optional().describe(confidential),
      }),
    )
    .describe('every resolution the objection received, in order (`resolution` above is the latest)'),
});

const holdSchema = z.looseObject({
  holdId: z.string(),
  personId: nullableText.describe('null: the whole batch is held'),
  reason: z.string(),
  placedBy: z.string(),
  placedAt: dateTime,
  liftedBy: nullableText,
  liftedAt: dateTime.nullable(),
});

const notificationSchema = z.looseObject({
  id: z.string(),
  personId: nullableText,
  kind: z.string(),
  recipientRole: z.string(),
  message: z.string(),
  createdAt: dateTime,
});

const scaledTimersSchema = z
  .object({ timerScale: z.number(), message: z.string() })
  .describe(
    'set when the batch ran its timers scaled (a test, drill or demo; ALLOW_SCALED_TIMERS): its legal periods did ' +
      'not really elapse, and the annual report leaves it out',
  );

/** The batch row shared by selection and rank batches (db/batches.repository.ts `get`). */
const batchRowShape = {
  id: z.string(),
  kind: z.enum(batchKinds),
  title: z.string(),
  year: z.int(),
  orgUnit: z.string(),
  stage: z.enum(batchStages),
  workflowId: z.string(),
  ruleset: z.looseObject({ version: z.int() }),
  timerScale: z.number().describe('ruleset.timerScale: 1 at real time'),
  scaledTimers: scaledTimersSchema.nullable(),
  createdBy: z.string(),
  createdAt: dateTime,
  updatedAt: dateTime,
  closedAt: dateTime.nullable(),
  cancelReason: nullableText,
  waitingForCalendarYear: z.int().nullable(),
  waitingFor: nullableText,
  publicityEndsAt: dateTime.nullable(),
  lastSeq: z.int(),
  meetings: z.array(meetingSchema),
  publicity: z.array(publicityWindowSchema),
  objections: z.array(objectionSchema),
  holds: z.array(holdSchema),
  notifications: z.array(notificationSchema).optional().describe(confidential),
  links: linksSchema,
};

const batchDetailSchema = z
  .looseObject({
    ...batchRowShape,
    positions: z.array(
      z.looseObject({
        id: z.string(),
        title: z.string(),
        orgUnit: z.string(),
        level: z.string(),
        seats: z.int(),
      }),
    ),
    candidates: z.array(
      z.looseObject({
        personId: z.string(),
        name: z.string(),
        branchId: z.string(),
        positionId: z.string(),
        state: z.string(),
        exitReason: nullableText,
        updatedAt: dateTime,
        checks: z.array(checkSchema),
        appointment: appointmentSchema.nullable(),
        probation: probationSchema.nullable(),
      }),
    ),
  })
  .describe('a batch as the caller may see it: confidential fields only for the roles allowed to read them');

const batchStartedSchema = z
  .looseObject({ id: z.string(), workflowId: z.string(), stage: z.enum(batchStages), links: linksSchema })
  .describe('the batch detail, or this short form when the read model was not written within 10 s');

const auditSchema = z.object({
  chain: z.looseObject({
    verified: z.boolean(),
    length: z.int(),
    brokenAt: z.int().optional().describe('first sequence number whose hash does not match'),
  }),
  scaledTimers: scaledTimersSchema.nullable(),
  events: z.array(
    z.looseObject({
      batchId: z.string(),
      seq: z.int(),
      type: z.string(),
      actorId: z.string(),
      actorRole: z.string(),
      actorChannel: z
        .enum(channels)
        .nullable()
        .describe(
          'API: the actor is the verified token’s subject; SIGNAL: a Temporal signal, the actor as its sender declared it; SYSTEM: the workflow itself; null: recorded before channels were kept',
        ),
      actorDeclared: z.boolean().describe('true when the actor was declared by a signal’s sender, not verified'),
      at: dateTime,
      rejected: z.boolean(),
      payload: z.unknown(),
      prevHash: z.string(),
      hash: z.string(),
    }),
  ),
});

const liveStateSchema = z
  .looseObject({
    id: z.string(),
    kind: z.enum(batchKinds),
    stage: z.enum(batchStages),
    waitingFor: z.string(),
    seq: z.int(),
    candidates: z.array(z.looseObject({ personId: z.string(), state: z.string() })),
  })
  .describe("the workflow's own state (query `state`), read live from Temporal");

const commandAcceptedSchema = z
  .looseObject({
    batchId: z.string(),
    seq: z.int().describe('sequence number of the last event the command recorded'),
    objectionId: z.string().optional(),
    holdId: z.string().optional(),
  })
  .describe('the command was applied by the workflow');

const objectionReceivedSchema = z
  .object({ received: z.literal(true), objectionId: z.string() })
  .describe('answer to the public (no token): nothing about other objections or the candidate');

const workingDaysSchema = z.object({
  from: isoDate,
  days: z.int(),
  end: isoDate,
  endsAt: dateTime.describe('24:00 Asia/Shanghai of the end date'),
  counted: z.array(isoDate),
  skipped: z.array(z.object({ date: isoDate, reason: z.enum(['weekend', 'holiday']) })),
});

const calendarYearsSchema = z.object({
  items: z.array(
    z.looseObject({
      year: z.int(),
      documentRef: nullableText,
      source: z.string(),
      loadedBy: z.string(),
      loadedAt: dateTime,
    }),
  ),
});

const calendarYearLoadedSchema = z.object({
  year: z.int(),
  source: z.string(),
  documentRef: nullableText,
  holidays: z.array(isoDate),
  workdays: z.array(isoDate),
  resumedBatches: z.array(z.string()).describe('batches that waited for this year and were resumed'),
});

const healthSchema = z.object({ status: z.literal('ok') });
const readinessSchema = z.object({
  status: z.enum(['ready', 'unavailable']),
  postgres: z.string().describe('`ok`, `timeout` or `down: <reason>`'),
  temporal: z.string().describe('`ok`, `timeout` or `down: <reason>`'),
});

const counts = z.record(z.string(), z.int());
const annualReportSchema = z
  .looseObject({
    year: z.int(),
    selectionBatches: z.looseObject({ total: z.int(), byStage: counts }),
    rankPromotionBatches: z.looseObject({ total: z.int(), byStage: counts }),
    divisionLevelPromotions: z.looseObject({ people: z.int(), appointments: z.int(), byLevel: z.looseObject({}) }),
    sectionLevelAppointments: z.looseObject({ people: z.int(), appointments: z.int(), byLevel: z.looseObject({}) }),
    rankPromotions: z.looseObject({ promotions: z.int(), people: z.int(), byTargetRank: z.array(z.looseObject({})) }),
    fourMusts: z
      .looseObject({ checksDone: z.int(), vetoes: z.int(), disqualified: z.int() })
      .describe('凡提四必 of the selection batches'),
    rankPromotionChecks: z
      .looseObject({ checksDone: z.int(), vetoes: z.int(), disqualified: z.int() })
      .describe('the same checks in rank-promotion batches, counted apart'),
    objections: z
      .looseObject({ received: z.int(), fromPublic: z.int(), open: z.int() })
      .describe('objections received in the year; each resolution an objection received counts once'),
    recusals: z.looseObject({ recusals: z.int(), items: z.int() }),
    probation: z.looseObject({ started: z.int(), confirmed: z.int(), failed: z.int() }),
    decisionMeetings: z.looseObject({ held: z.int() }),
    selectionBatchOutcomes: z
      .array(z.looseObject({ id: z.string(), title: z.string(), stage: z.string(), candidates: z.int() }))
      .optional(),
    monthly: z.array(z.looseObject({ month: z.int().min(1).max(12) })).optional(),
    training: z
      .looseObject({ sessions: z.int(), byKind: z.array(z.looseObject({})) })
      .describe('training sessions (培训班) starting in the year: by kind, participant-times, hours, evaluations'),
    cancelledBeforeDecision: z
      .array(z.looseObject({ id: z.string(), kind: z.enum(batchKinds), title: z.string(), cancelReason: nullableText }))
      .describe('batches of the year cancelled before any candidate was decided: listed apart, not counted in 批'),
    scaledBatchesLeftOut: z
      .array(z.looseObject({ id: z.string(), kind: z.enum(batchKinds), title: z.string(), timerScale: z.number() }))
      .describe('batches of the year whose timers ran scaled (tests, drills, demos): left out of every figure'),
    dateBasis: z.record(z.string(), z.string()).describe('which date decides each figure of the sentence'),
    basis: z.string(),
    notes: z.array(z.string()).describe('notes under the figures; the first says which date decides each'),
  })
  .describe('the annual figures (domain.md §5); each is one SQL query over the read model');

const rankBatchDetailSchema = z
  .looseObject({
    ...batchRowShape,
    asOf: isoDate.nullable(),
    quotas: z.array(z.looseObject({ rank: z.string(), seats: z.int() })),
    candidates: z.array(
      z.looseObject({
        personId: z.string(),
        name: z.string(),
        branchId: z.string(),
        currentRank: z.string(),
        targetRank: z.string(),
        eligible: z.boolean(),
        state: z.string().describe('AWAITING_ASSESSMENT: eligibility waits for `awaitingAssessmentYear`'),
        exitReason: nullableText,
        awaitingAssessmentYear: z
          .int()
          .nullable()
          .describe('the year whose annual assessment the office is to record (POST …/assessments)'),
        updatedAt: dateTime,
        blockers: z.array(z.looseObject({ code: z.string(), message: z.string() })).optional(),
        eligibilityTrace: z.unknown().optional(),
        checks: z.array(checkSchema),
        evaluation: z.looseObject({}).nullable(),
        rankChange: z.looseObject({}).nullable(),
      }),
    ),
  })
  .describe('a rank promotion batch (职级晋升) as the caller may see it');

const trainingEvaluationView = z.looseObject({
  teachingQualityScore: z.number(),
  note: nullableText,
  recordedBy: z.string(),
  recordedAt: dateTime,
});

const trainingSessionShape = {
  id: z.string(),
  kind: z.string(),
  kindLabel: z.string(),
  title: z.string(),
  organiser: z.string(),
  location: nullableText,
  startsOn: isoDate,
  endsOn: isoDate,
  hours: z.number(),
  createdBy: z.string(),
  createdAt: dateTime,
  evaluation: trainingEvaluationView.nullable(),
  evaluationDueOn: isoDate.nullable().describe('null while the calendar of that year is not loaded'),
  evaluationOverdue: z.boolean().nullable(),
};

const trainingSessionSummarySchema = z.looseObject({ ...trainingSessionShape, participantCount: z.int() });

const trainingSessionSchema = z
  .looseObject({
    ...trainingSessionShape,
    participantCount: z.int(),
    participants: z.array(
      z.looseObject({
        personId: z.string(),
        learningTest: z.looseObject({ passed: z.boolean().nullable(), score: z.number().nullable() }).nullable(),
      }),
    ),
    links: z.looseObject({ self: z.string(), evaluation: z.string() }),
  })
  .describe('a training session (培训班) with its participants and evaluation');

const trainingListSchema = z.object({
  items: z.array(trainingSessionSummarySchema),
  nextCursor: z.string().nullable(),
});

const personRecordSchema = z
  .looseObject({
    personId: z.string(),
    name: nullableText,
    training: z.array(z.looseObject({ ...trainingSessionShape })),
    appointments: z.array(z.looseObject({ batchId: z.string(), noticeDate: isoDate })),
  })
  .describe("a person's cadre record: training, appointments and rank changes");

// ---------- error codes ----------

const commandCommon = { 400: ['message.invalid'], 403: ['role.forbidden'], 409: ['batch.closed'] };
const publicityCodes = ['publicity.not_open'];

/** Rule codes per command (domain/selection.ts, decision.ts, vetting.ts, probation.ts); statuses as the API maps them. */
const commandCodes: Record<string, { summary: string; operationId: string; codes: Record<number, string[]> }> = {
  '/batches/:id/candidates/:personId/checks': {
    operationId: 'recordCheck',
    summary: 'Record a vetting check (凡提四必, branch opinion, integrity conclusion)',
    codes: {
      403: ['branch.not_own'],
      404: ['candidate.not_found'],
      422: [
        'candidate.wrong_state',
        'check.reason_required',
        'check.already_recorded',
        'signature.already_given',
        'signature.same_person',
        'vetting.closed',
        'batch.closed',
      ],
    },
  },
  '/batches/:id/meetings': {
    operationId: 'recordMeeting',
    summary: 'Record a party group decision meeting (attendance, recusals, ballots per candidate)',
    codes: {
      422: ['meeting.already_recorded', 'position.seats_exceeded', ...decisionViolationCodes, 'batch.closed'],
    },
  },
  '/batches/:id/candidates/:personId/objections': {
    operationId: 'fileObjection',
    summary: 'File an objection during the public notice (public, rate-limited; staff may register one)',
    codes: { 404: ['candidate.not_found'], 422: [...publicityCodes, 'objection.duplicate', 'batch.closed'] },
  },
  '/batches/:id/objections/:objectionId/resolution': {
    operationId: 'resolveObjection',
    summary: 'Resolve an objection (unfounded, minor, upheld, unverifiable = 暂缓)',
    codes: {
      404: ['objection.not_found'],
      422: ['objection.already_resolved', 'objection.already_suspended', 'objection.feedback_required', 'batch.closed'],
    },
  },
  '/batches/:id/candidates/:personId/withdrawal': {
    operationId: 'withdrawCandidate',
    summary: 'Withdraw a candidacy (ORG_HEAD, or the candidate themself)',
    codes: { 404: ['candidate.not_found'], 422: ['candidate.wrong_state', 'batch.closed'] },
  },
  '/batches/:id/candidates/:personId/disqualification': {
    operationId: 'disqualifyCandidate',
    summary: 'Disqualify a candidate',
    codes: { 404: ['candidate.not_found'], 422: ['candidate.wrong_state', 'batch.closed'] },
  },
  '/batches/:id/holds': {
    operationId: 'placeHold',
    summary: 'Place a hold on a candidate or on the whole batch',
    codes: { 404: ['candidate.not_found'], 422: ['hold.duplicate', 'batch.closed'] },
  },
  '/batches/:id/holds/:holdId': {
    operationId: 'liftHold',
    summary: 'Lift a hold',
    codes: { 404: ['hold.not_found'], 422: ['batch.closed'] },
  },
  '/batches/:id/candidates/:personId/appointment': {
    operationId: 'appointCandidate',
    summary: 'Issue the appointment notice (任职通知); probation starts',
    codes: {
      404: ['candidate.not_found'],
      422: [
        'candidate.on_hold',
        'objection.open',
        'candidate.wrong_state',
        'appointment.before_publicity_end',
        'appointment.too_far_ahead',
        'batch.closed',
      ],
    },
  },
  '/batches/:id/publicity/extension': {
    operationId: 'extendPublicity',
    summary: 'Extend the public notice (never shorter)',
    codes: { 422: [...publicityCodes, 'publicity.never_shorter', 'batch.closed'] },
  },
  '/batches/:id/cancellation': {
    operationId: 'cancelBatch',
    summary: 'Cancel the batch',
    codes: { 422: ['batch.closed'] },
  },
  '/batches/:id/candidates/:personId/appointment-talk': {
    operationId: 'recordAppointmentTalk',
    summary: 'Record the appointment talk (任职谈话) of an appointee on probation',
    codes: {
      404: ['probation.not_found'],
      409: ['probation.closed'],
      422: ['talk.already_recorded', 'talk.before_notice'],
    },
  },
  '/batches/:id/candidates/:personId/probation-outcome': {
    operationId: 'recordProbationOutcome',
    summary: 'Record the probation outcome (CONFIRMED after the year, PROBATION_FAILED with a reason)',
    codes: {
      404: ['probation.not_found'],
      409: ['probation.closed'],
      422: ['probation.already_decided', 'probation.not_ended', 'probation.reason_required'],
    },
  },
};

const rankCommandMeta: Record<string, { operationId: string; summary: string; codes: Record<number, string[]> }> = {
  '/rank-batches/:id/candidates/:personId/evaluation': {
    operationId: 'rankRecordEvaluation',
    summary: 'Record 民主推荐 / 民主测评 results of a rank candidate',
    codes: {
      404: ['candidate.not_found'],
      422: ['evaluation.already_recorded', 'candidate.wrong_state', 'batch.closed'],
    },
  },
  '/rank-batches/:id/candidates/:personId/assessments': {
    operationId: 'rankRecordAssessment',
    summary:
      'Record the annual assessment (年度考核) an AWAITING_ASSESSMENT candidate waits for; eligibility is computed again',
    codes: {
      404: ['candidate.not_found'],
      422: ['candidate.wrong_state', 'assessment.not_awaited', 'batch.closed'],
    },
  },
  '/rank-batches/:id/candidates/:personId/checks': {
    operationId: 'rankRecordCheck',
    summary: 'Record a vetting check of a rank candidate (INSPECTION included)',
    codes: {
      403: ['branch.not_own'],
      404: ['candidate.not_found'],
      422: [
        'candidate.wrong_state',
        'check.not_required',
        'check.reason_required',
        'check.already_recorded',
        'signature.already_given',
        'signature.same_person',
        'vetting.closed',
        'batch.closed',
      ],
    },
  },
  '/rank-batches/:id/meetings': {
    operationId: 'rankRecordMeeting',
    summary: 'Record the party group decision on rank promotions',
    codes: { 422: ['meeting.already_recorded', 'quota.exceeded', ...decisionViolationCodes, 'batch.closed'] },
  },
  '/rank-batches/:id/candidates/:personId/objections': {
    operationId: 'rankFileObjection',
    summary: 'File an objection during the public notice of a rank promotion (public, rate-limited)',
    codes: { 404: ['candidate.not_found'], 422: [...publicityCodes, 'objection.duplicate', 'batch.closed'] },
  },
  '/rank-batches/:id/objections/:objectionId/resolution': {
    operationId: 'rankResolveObjection',
    summary: 'Resolve an objection on a rank promotion',
    codes: {
      404: ['objection.not_found'],
      422: ['objection.already_resolved', 'objection.already_suspended', 'objection.feedback_required', 'batch.closed'],
    },
  },
  '/rank-batches/:id/candidates/:personId/withdrawal': {
    operationId: 'rankWithdrawCandidate',
    summary: 'Withdraw a rank candidacy',
    codes: { 404: ['candidate.not_found'], 422: ['candidate.wrong_state', 'batch.closed'] },
  },
  '/rank-batches/:id/candidates/:personId/disqualification': {
    operationId: 'rankDisqualifyCandidate',
    summary: 'Disqualify a rank candidate',
    codes: { 404: ['candidate.not_found'], 422: ['candidate.wrong_state', 'batch.closed'] },
  },
  '/rank-batches/:id/holds': {
    operationId: 'rankPlaceHold',
    summary: 'Place a hold in a rank batch',
    codes: { 404: ['candidate.not_found'], 422: ['hold.duplicate', 'batch.closed'] },
  },
  '/rank-batches/:id/holds/:holdId': {
    operationId: 'rankLiftHold',
    summary: 'Lift a hold in a rank batch',
    codes: { 404: ['hold.not_found'], 422: ['batch.closed'] },
  },
  '/rank-batches/:id/publicity/extension': {
    operationId: 'rankExtendPublicity',
    summary: 'Extend the public notice of a rank batch (never shorter)',
    codes: { 422: [...publicityCodes, 'publicity.never_shorter', 'batch.closed'] },
  },
  '/rank-batches/:id/cancellation': {
    operationId: 'rankCancelBatch',
    summary: 'Cancel a rank batch',
    codes: { 422: ['batch.closed'] },
  },
  '/rank-batches/:id/candidates/:personId/approval': {
    operationId: 'rankApprove',
    summary: 'Record the approval (审批) of a rank promotion, with its document number',
    codes: {
      404: ['candidate.not_found'],
      422: [
        'candidate.on_hold',
        'objection.open',
        'candidate.wrong_state',
        'approval.before_publicity_end',
        'approval.too_far_ahead',
        'batch.closed',
      ],
    },
  },
};

// ---------- building blocks ----------

const jsonSchemaOptions = { target: 'draft-2020-12' } as const;

function toSchema(schema: z.ZodType, io: 'input' | 'output'): Json {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { ...jsonSchemaOptions, io }) as Json;
  return json;
}

interface ParamSpec {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  description?: string;
  schema: Json;
}

/** Each property of a zod object as a parameter; `required` as the schema's input requires it. */
function paramsOf(schema: z.ZodType, location: 'path' | 'query'): ParamSpec[] {
  const json = toSchema(schema, 'input');
  const properties = (json.properties ?? {}) as Record<string, Json>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...propertySchema } = property;
    return {
      name,
      in: location,
      required: location === 'path' || required.has(name),
      ...(typeof description === 'string' ? { description } : {}),
      schema: propertySchema,
    };
  });
}

function pathParam(name: string, schema: Json, description: string): ParamSpec {
  return { name, in: 'path', required: true, description, schema };
}

const batchIdSchema = (toSchema(startBatchSchema, 'input').properties as Record<string, Json>).id!;
const batchIdParam = pathParam('id', batchIdSchema, 'batch id (the workflow is `batch-<id>`)');

const idempotencyKeyHeader: ParamSpec = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'Makes a retry safe: the first answer (success or a 4xx) is stored per caller and key, a retry with the same ' +
    'body gets it back unchanged (header `Idempotent-Replayed: true`) and changes nothing; the same key with another ' +
    'body is `422 idempotency.key_reused`.',
  schema: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[!-~]{1,200}$' },
};

const statusText: Record<number, string> = {
  400: 'Bad request: the body, a parameter or the Idempotency-Key is not valid (`errors` lists each field)',
  401: 'No valid bearer token',
  403: 'The caller’s roles may not do this',
  404: 'Not found',
  409: 'Conflict with the current state',
  413: 'The body is larger than 1 MB',
  415: 'The body is not application/json',
  422: 'Refused by a rule of the procedure',
  429: 'Too many requests from this client: retry after `Retry-After` seconds',
  503: 'A backing service (PostgreSQL, Temporal) is unreachable or slow: retry shortly',
};

const baseCodes: Record<number, string[]> = {
  400: ['request.invalid'],
  401: ['auth.unauthenticated'],
  403: ['auth.forbidden'],
  413: ['request.too_large'],
  415: ['request.unsupported_media_type', 'request.unsupported_encoding'],
  429: ['rate.limited'],
  503: ['service.unavailable', 'request.timeout'],
};

interface OperationSpec {
  method: Method;
  /** Express path under /api/v1 (or absolute when `absolute`). */
  path: string;
  absolute?: boolean;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  access: Access;
  params?: ParamSpec[];
  body?: { schema: string; required: boolean };
  success: { status: number; description: string; content: Record<string, { schema: Json }>; headers?: Json };
  errors: Record<number, string[]>;
  /** Responses that are not problems (e.g. the 503 of /readyz). */
  responses?: Record<number, Json>;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: string) => ({ 'application/json': { schema: ref(name) } });

function accessText(access: Access): string {
  if (access === 'public')
    return 'Access: public (no token). A staff token (ORG_OFFICER, ORG_HEAD) registers it as staff.';
  if (access === 'authenticated')
    return 'Access: any authenticated caller; the workflow then applies the finer rule (see the 403 codes).';
  return `Roles: ${access.join(', ')}.`;
}

function rolesOf(access: Access): string[] {
  return access === 'public' ? [] : access === 'authenticated' ? [...roles] : [...access];
}

function operationObject(op: OperationSpec): Json {
  const errors: Record<number, string[]> = {};
  const add = (status: number, codes: string[]) =>
    (errors[status] = [...new Set([...(errors[status] ?? []), ...codes])]);
  const underApi = !op.absolute && op.operationId !== 'openApiDocument';
  // Path parameters are validated where the route merges them into the body, and the calendar year.
  const validated = op.body || op.params?.some((p) => p.in === 'query' || (p.in === 'path' && p.name === 'year'));
  if (validated || op.method === 'post') add(400, baseCodes[400]!);
  // A malformed or expired token is refused on every /api/v1 route, public ones included.
  if (underApi) add(401, baseCodes[401]!);
  if (Array.isArray(op.access)) add(403, baseCodes[403]!);
  if (op.body) {
    add(400, ['request.malformed_json']);
    add(413, baseCodes[413]!);
    add(415, baseCodes[415]!);
  }
  if (op.method === 'post' && underApi) add(422, ['idempotency.key_reused']);
  if (op.access === 'public' && underApi) add(429, baseCodes[429]!);
  if (!op.responses?.[503]) add(503, baseCodes[503]!);
  for (const [status, codes] of Object.entries(op.errors)) add(Number(status), codes);

  const responses: Json = {
    [op.success.status]: {
      description: op.success.description,
      headers: { 'X-Request-Id': { $ref: '#/components/headers/X-Request-Id' }, ...op.success.headers },
      content: op.success.content,
    },
  };
  for (const status of Object.keys(errors)
    .map(Number)
    .sort((a, b) => a - b)) {
    const codes = errors[status]!;
    responses[status] = {
      description: `${statusText[status] ?? 'Error'}. Codes: ${codes.map((c) => `\`${c}\``).join(', ')}.`,
      headers: {
        'X-Request-Id': { $ref: '#/components/headers/X-Request-Id' },
        ...(status === 429 || status === 503 ? { 'Retry-After': { $ref: '#/components/headers/Retry-After' } } : {}),
      },
      content: { [problemJson]: { schema: ref('Problem') } },
      'x-error-codes': codes,
    };
  }
  Object.assign(responses, op.responses);

  const params = [...(op.params ?? []), ...(op.method === 'post' && underApi ? [idempotencyKeyHeader] : [])];
  const allCodes = Object.entries(errors).flatMap(([status, codes]) =>
    codes.map((code) => ({ code, status: +status })),
  );
  return {
    operationId: op.operationId,
    summary: op.summary,
    description: [op.description, accessText(op.access)].filter(Boolean).join('\n\n'),
    tags: [op.tag],
    'x-roles': rolesOf(op.access),
    'x-access': Array.isArray(op.access) ? 'roles' : op.access,
    'x-error-codes': allCodes,
    ...(params.length ? { parameters: params } : {}),
    ...(op.body
      ? {
          requestBody: {
            required: op.body.required,
            content: { 'application/json': { schema: ref(op.body.schema) } },
          },
        }
      : {}),
    responses,
    security: op.access === 'public' ? [{}, { bearerAuth: [] }] : [{ bearerAuth: [] }],
  };
}

const openApiPath = (path: string) => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
const pascal = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

// ---------- the document ----------

export function buildOpenApiDocument(): Json {
  const schemas: Record<string, Json> = {};
  const define = (name: string, schema: z.ZodType, io: 'input' | 'output') => {
    schemas[name] = toSchema(schema, io);
    return name;
  };
  /** A command body without the fields the route takes from the path. */
  const defineBody = (name: string, schema: z.ZodType, fromPath: string[]) => {
    const body = toSchema(schema, 'input');
    const properties = { ...((body.properties ?? {}) as Record<string, Json>) };
    const pathSchemas: Record<string, Json> = {};
    for (const key of fromPath) {
      if (properties[key]) pathSchemas[key] = properties[key];
      delete properties[key];
    }
    const required = ((body.required ?? []) as string[]).filter((k) => !fromPath.includes(k));
    schemas[name] = { ...body, properties, ...(required.length ? { required } : {}) };
    if (!required.length) delete schemas[name]!.required;
    return { name, required: required.length > 0, pathSchemas };
  };

  define('Problem', problemSchema, 'output');
  define('BatchSummary', batchSummarySchema, 'output');
  schemas.BatchList = {
    type: 'object',
    properties: {
      items: { type: 'array', items: ref('BatchSummary') },
      nextCursor: { anyOf: [{ type: 'string' }, { type: 'null' }], description: 'pass as `cursor` for the next page' },
    },
    required: ['items', 'nextCursor'],
    additionalProperties: false,
  };
  define('BatchDetail', batchDetailSchema, 'output');
  define('BatchStarted', batchStartedSchema, 'output');
  define('AuditTrail', auditSchema, 'output');
  define('BatchLiveState', liveStateSchema, 'output');
  define('CommandAccepted', commandAcceptedSchema, 'output');
  define('ObjectionReceived', objectionReceivedSchema, 'output');
  define('WorkingDays', workingDaysSchema, 'output');
  define('CalendarYears', calendarYearsSchema, 'output');
  define('CalendarYearLoaded', calendarYearLoadedSchema, 'output');
  define('Health', healthSchema, 'output');
  define('Readiness', readinessSchema, 'output');
  define('AnnualReport', annualReportSchema, 'output');
  define('RankBatchDetail', rankBatchDetailSchema, 'output');
  define('StartBatchRequest', startBatchSchema, 'input');
  define('CalendarYearRequest', calendarYearSchema, 'input');
  define('StartRankBatchRequest', rankBatchSchema, 'input');
  define('TrainingSession', trainingSessionSchema, 'output');
  define('TrainingSessionList', trainingListSchema, 'output');
  define('PersonRecord', personRecordSchema, 'output');
  define('CreateTrainingSessionRequest', createTrainingSessionSchema, 'input');
  define('TrainingEvaluationRequest', trainingEvaluationSchema, 'input');
  define('CodecPayloads', codecBodySchema, 'input');

  const ops: OperationSpec[] = [
    {
      method: 'get',
      path: '/healthz',
      absolute: true,
      operationId: 'health',
      summary: 'Liveness: the process answers',
      tag: 'health',
      access: 'public',
      success: { status: 200, description: 'alive', content: json('Health') },
      errors: {},
    },
    {
      method: 'get',
      path: '/readyz',
      absolute: true,
      operationId: 'readiness',
      summary: 'Readiness: PostgreSQL and Temporal answer',
      tag: 'health',
      access: 'public',
      success: { status: 200, description: 'ready', content: json('Readiness') },
      errors: {},
      responses: {
        503: {
          description: 'not ready: PostgreSQL or Temporal does not answer',
          headers: { 'X-Request-Id': { $ref: '#/components/headers/X-Request-Id' } },
          content: json('Readiness'),
        },
      },
    },
    {
      method: 'get',
      path: '/metrics',
      absolute: true,
      operationId: 'metrics',
      summary: 'Prometheus metrics of the API process',
      tag: 'health',
      access: 'public',
      success: {
        status: 200,
        description: 'Prometheus text exposition format',
        content: { 'text/plain': { schema: { type: 'string' } } },
      },
      errors: {},
    },
    ...(['encode', 'decode'] as const).map((action): OperationSpec => ({
      method: 'post',
      path: `/codec/${action}`,
      absolute: true,
      operationId: `codec${pascal(action)}`,
      summary: `${pascal(action)} Temporal payloads (remote codec protocol, for the Temporal UI and CLI)`,
      description:
        'Temporal payloads in proto3 JSON (`metadata` values and `data` in base64), encrypted or decrypted with ' +
        'the keys of TEMPORAL_PAYLOAD_KEYS. Decoding shows a batch in full, as GET /api/v1/batches/{id}/live ' +
        'does. Point the Temporal UI (`--ui-codec-endpoint`, `TEMPORAL_CODEC_ENDPOINT` ' +
        'with `TEMPORAL_CODEC_PASS_ACCESS_TOKEN`) or `temporal --codec-endpoint` at `/codec`. Payloads in clear ' +
        'are decoded as they are. CORS: the Temporal UI’s origin (TEMPORAL_UI_URL) and CORS_ORIGINS. Under ' +
        '`npm start` only, the dev UI (no sign-in) decodes from its own origin on this machine without a token.',
      tag: 'temporal',
      access: codecAccess[action],
      body: { schema: 'CodecPayloads', required: true },
      success: { status: 200, description: `the ${action}d payloads, in order`, content: json('CodecPayloads') },
      errors: action === 'decode' ? { 401: baseCodes[401]!, 422: ['payload.undecodable'] } : { 401: baseCodes[401]! },
    })),
    {
      method: 'get',
      path: '/openapi.json',
      operationId: 'openApiDocument',
      summary: 'This OpenAPI 3.1 document',
      tag: 'docs',
      access: 'public',
      success: {
        status: 200,
        description: 'the document',
        content: { 'application/json': { schema: { type: 'object' } } },
      },
      errors: {},
    },
    {
      method: 'post',
      path: '/batches',
      operationId: 'startBatch',
      summary: 'Start a selection batch (干部选拔批次)',
      description:
        'Positions, candidates, the party group, declared relations and an optional `ruleset` ([DESIGN] settings the ' +
        'batch keeps for its whole life). Answers with the batch and `Location`. `ruleset.timerScale` below 1 ' +
        '(timers run faster: tests, drills, demos) only where the deployment runs with `ALLOW_SCALED_TIMERS=true`; ' +
        'elsewhere `422 ruleset.timer_scale_disabled`.',
      tag: 'batches',
      access: accessMatrix['POST /batches'],
      body: { schema: 'StartBatchRequest', required: true },
      success: {
        status: 201,
        description: 'started: the batch workflow `batch-<id>` runs',
        content: {
          'application/json': { schema: { anyOf: [ref('BatchDetail'), ref('BatchStarted')] } },
        },
        headers: { Location: { description: 'the batch', schema: { type: 'string' } } },
      },
      errors: { 409: ['batch.already_exists'], 422: ['ruleset.timer_scale_disabled'] },
    },
    {
      method: 'get',
      path: '/batches',
      operationId: 'listBatches',
      summary: 'List batches, newest first, with cursor pagination and filters',
      tag: 'batches',
      access: accessMatrix['GET /batches'],
      params: paramsOf(listQuerySchema, 'query'),
      success: { status: 200, description: 'one page', content: json('BatchList') },
      errors: {},
    },
    {
      method: 'get',
      path: '/batches/:id',
      operationId: 'getBatch',
      summary: 'A batch: stage, positions, candidates with check states, decisions, notices, objections, appointments',
      description:
        'Confidential data follows domain.md §1: opinions’ notes and reasons, objections’ contents and reporters, ' +
        'notifications for ORG_OFFICER, ORG_HEAD, DISCIPLINE_GROUP, AUDITOR; individual ballots for ORG_HEAD, ' +
        'DISCIPLINE_GROUP, AUDITOR and the party group.',
      tag: 'batches',
      access: accessMatrix['GET /batches/:id'],
      params: [batchIdParam],
      success: { status: 200, description: 'the batch', content: json('BatchDetail') },
      errors: { 404: ['batch.not_found'] },
    },
    {
      method: 'get',
      path: '/batches/:id/audit',
      operationId: 'getBatchAudit',
      summary: 'The hash-chained audit trail of a batch, with its verification',
      tag: 'batches',
      access: accessMatrix['GET /batches/:id/audit'],
      params: [batchIdParam],
      success: { status: 200, description: 'events in order and `chain.verified`', content: json('AuditTrail') },
      errors: { 404: ['batch.not_found'] },
    },
    {
      method: 'get',
      path: '/batches/:id/live',
      operationId: 'getBatchLive',
      summary: 'The live workflow state of a batch (Temporal query)',
      tag: 'batches',
      access: accessMatrix['GET /batches/:id/live'],
      params: [batchIdParam],
      success: { status: 200, description: 'the workflow state', content: json('BatchLiveState') },
      errors: { 404: ['batch.not_found'] },
    },
  ];

  for (const route of commandRoutes) {
    const endpoint = `${route.method.toUpperCase()} ${route.path}`;
    const meta = commandCodes[route.path];
    if (!meta) throw new Error(`openapi: no summary for ${endpoint}`);
    const access = accessOf(endpoint);
    const body = defineBody(`${pascal(meta.operationId)}Request`, route.schema, route.fromPath ?? []);
    const notFound = route.target === 'probation' ? 'probation.not_found' : 'batch.not_found';
    const isPublic = access === 'public';
    ops.push({
      method: route.method,
      path: route.path,
      operationId: meta.operationId,
      summary: meta.summary,
      description:
        'Applied by the batch workflow as an update, validated again inside it; refusals carry the rule’s `code`.',
      tag: route.target === 'probation' ? 'probation' : 'procedure',
      access,
      params: [batchIdParam, ...pathParamsOf(route.path, body.pathSchemas)],
      body: { schema: body.name, required: body.required },
      success: {
        status: route.status ?? 200,
        description: isPublic ? 'received' : 'applied',
        content: {
          'application/json': {
            schema: isPublic ? { anyOf: [ref('ObjectionReceived'), ref('CommandAccepted')] } : ref('CommandAccepted'),
          },
        },
      },
      errors: merge(commandCommon, { 404: [notFound] }, meta.codes),
    });
  }

  ops.push(
    {
      method: 'get',
      path: '/calendar/working-days',
      operationId: 'workingDays',
      summary: 'Working-day arithmetic on the official calendar: the end date and the days counted',
      description: 'Day 1 is the first working day after `from`.',
      tag: 'calendar',
      access: accessMatrix['GET /calendar/working-days'],
      params: paramsOf(workingDaysQuerySchema, 'query'),
      success: { status: 200, description: 'the walk', content: json('WorkingDays') },
      errors: { 409: ['calendar.not_published'] },
    },
    {
      method: 'get',
      path: '/calendar/years',
      operationId: 'calendarYears',
      summary: 'The years whose official holiday schedule is loaded',
      tag: 'calendar',
      access: accessMatrix['GET /calendar/years'],
      success: { status: 200, description: 'loaded years', content: json('CalendarYears') },
      errors: {},
    },
    {
      method: 'put',
      path: '/calendar/years/:year',
      operationId: 'loadCalendarYear',
      summary: 'Load or correct a year’s official holiday schedule (resumes batches waiting for it)',
      tag: 'calendar',
      access: accessMatrix['PUT /calendar/years/:year'],
      params: paramsOf(yearParamsSchema, 'path'),
      body: { schema: 'CalendarYearRequest', required: true },
      success: { status: 200, description: 'loaded', content: json('CalendarYearLoaded') },
      errors: {},
    },
  );

  // Rank promotion (职级晋升).
  ops.push(
    {
      method: 'post',
      path: '/rank-batches',
      operationId: 'startRankBatch',
      summary: 'Start a rank promotion batch (职级晋升)',
      description: 'Eligibility is computed per candidate at the start; promotion is one step at a time (art. 17).',
      tag: 'rank-batches',
      access: accessOf('POST /rank-batches'),
      body: { schema: 'StartRankBatchRequest', required: true },
      success: {
        status: 201,
        description: 'started',
        content: { 'application/json': { schema: { anyOf: [ref('RankBatchDetail'), ref('BatchStarted')] } } },
        headers: { Location: { description: 'the batch', schema: { type: 'string' } } },
      },
      errors: { 409: ['batch.already_exists'], 422: ['rank.not_one_step', 'ruleset.timer_scale_disabled'] },
    },
    {
      method: 'get',
      path: '/rank-batches/:id',
      operationId: 'getRankBatch',
      summary: 'A rank promotion batch with eligibility, checks, evaluations and approvals',
      tag: 'rank-batches',
      access: accessOf('GET /rank-batches/:id'),
      params: [batchIdParam],
      success: { status: 200, description: 'the batch', content: json('RankBatchDetail') },
      errors: { 404: ['batch.not_found'] },
    },
    {
      method: 'get',
      path: '/rank-batches/:id/live',
      operationId: 'getRankBatchLive',
      summary: 'The live workflow state of a rank batch (Temporal query)',
      tag: 'rank-batches',
      access: accessOf('GET /rank-batches/:id/live'),
      params: [batchIdParam],
      success: { status: 200, description: 'the workflow state', content: json('BatchLiveState') },
      errors: { 404: ['batch.not_found'] },
    },
  );
  for (const route of rankCommandRoutes) {
    const { method, path } = splitEndpoint(route.endpoint);
    const meta = rankCommandMeta[path];
    if (!meta) throw new Error(`openapi: no summary for ${route.endpoint}`);
    const body = defineBody(`${pascal(meta.operationId)}Request`, route.schema, [...(route.fromPath ?? [])]);
    const access = accessOf(route.endpoint);
    ops.push({
      method,
      path,
      operationId: meta.operationId,
      summary: meta.summary,
      description: 'Applied by the rank batch workflow as an update; refusals carry the rule’s `code`.',
      tag: 'rank-batches',
      access,
      params: [batchIdParam, ...pathParamsOf(path, body.pathSchemas)],
      body: { schema: body.name, required: body.required },
      success: {
        status: route.status ?? 200,
        description: access === 'public' ? 'received' : 'applied',
        content: {
          'application/json': {
            schema:
              access === 'public'
                ? { anyOf: [ref('ObjectionReceived'), ref('CommandAccepted')] }
                : ref('CommandAccepted'),
          },
        },
      },
      errors: merge(commandCommon, { 404: ['batch.not_found'] }, meta.codes),
    });
  }

  // Training (培训) and the cadre record.
  const trainingId = pathParam('id', { type: 'string', minLength: 1 }, 'training session id');
  const evaluationErrors = {
    404: ['training.not_found'],
    422: ['training.not_ended', 'training.participants_mismatch'],
  };
  ops.push(
    {
      method: 'post',
      path: '/training-sessions',
      operationId: 'createTrainingSession',
      summary: 'Record a training session (培训班) and its participants',
      tag: 'training',
      access: accessOf('POST /training-sessions'),
      body: { schema: 'CreateTrainingSessionRequest', required: true },
      success: {
        status: 201,
        description: 'recorded',
        content: json('TrainingSession'),
        headers: { Location: { description: 'the session', schema: { type: 'string' } } },
      },
      errors: { 409: ['training.already_exists'] },
    },
    {
      method: 'get',
      path: '/training-sessions',
      operationId: 'listTrainingSessions',
      summary: 'List training sessions, latest first, with cursor pagination and filters',
      tag: 'training',
      access: accessOf('GET /training-sessions'),
      params: paramsOf(trainingListQuerySchema, 'query'),
      success: { status: 200, description: 'one page', content: json('TrainingSessionList') },
      errors: {},
    },
    {
      method: 'get',
      path: '/training-sessions/:id',
      operationId: 'getTrainingSession',
      summary: 'A training session with its participants and evaluation',
      tag: 'training',
      access: accessOf('GET /training-sessions/:id'),
      params: [trainingId],
      success: { status: 200, description: 'the session', content: json('TrainingSession') },
      errors: { 404: ['training.not_found'] },
    },
    {
      method: 'post',
      path: '/training-sessions/:id/evaluation',
      operationId: 'recordTrainingEvaluation',
      summary: 'Record the evaluation of a session (teaching quality, learning tests), once',
      tag: 'training',
      access: accessOf('POST /training-sessions/:id/evaluation'),
      params: [trainingId],
      body: { schema: 'TrainingEvaluationRequest', required: true },
      success: { status: 201, description: 'recorded', content: json('TrainingSession') },
      errors: { ...evaluationErrors, 409: ['training.already_evaluated'] },
    },
    {
      method: 'put',
      path: '/training-sessions/:id/evaluation',
      operationId: 'replaceTrainingEvaluation',
      summary: 'Record or correct the evaluation of a session',
      tag: 'training',
      access: accessOf('PUT /training-sessions/:id/evaluation'),
      params: [trainingId],
      body: { schema: 'TrainingEvaluationRequest', required: true },
      success: { status: 200, description: 'replaced', content: json('TrainingSession') },
      errors: evaluationErrors,
      responses: {
        201: {
          description: 'recorded (there was none)',
          headers: { 'X-Request-Id': { $ref: '#/components/headers/X-Request-Id' } },
          content: json('TrainingSession'),
        },
      },
    },
    {
      method: 'get',
      path: '/people/:personId/training',
      operationId: 'personRecord',
      summary: "A person's cadre record: training, appointments, rank changes",
      tag: 'training',
      access: accessOf('GET /people/:personId/training'),
      params: [pathParam('personId', { type: 'string', minLength: 1 }, 'person id')],
      success: { status: 200, description: 'the record', content: json('PersonRecord') },
      errors: {},
    },
  );

  ops.push({
    method: 'get',
    path: '/reports/annual',
    operationId: 'annualReport',
    summary:
      'The annual figures: JSON; the report’s text with `Accept: text/markdown`; the Word document the office submits with `Accept: application/vnd.openxmlformats-officedocument.wordprocessingml.document` (or `?format=docx`)',
    tag: 'reports',
    access: accessOf('GET /reports/annual'),
    params: paramsOf(annualQuerySchema, 'query'),
    success: {
      status: 200,
      description: 'the figures',
      content: {
        'application/json': { schema: ref('AnnualReport') },
        'text/markdown': { schema: { type: 'string' } },
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document': {
          schema: {
            type: 'string',
            contentMediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
          },
        },
      },
    },
    errors: {},
  });

  const paths: Record<string, Record<string, Json>> = {};
  for (const op of ops) {
    const path = openApiPath(op.absolute ? op.path : `${API}${op.path}`);
    paths[path] ??= {};
    if (paths[path][op.method]) throw new Error(`openapi: ${op.method.toUpperCase()} ${path} is declared twice`);
    paths[path][op.method] = operationObject(op);
  }
  paths['/docs'] = {
    get: {
      operationId: 'docs',
      summary: 'This reference, interactive (Swagger UI, served locally)',
      tags: ['docs'],
      'x-roles': [],
      'x-access': 'public',
      security: [{}],
      responses: {
        200: { description: 'the page', content: { 'text/html': { schema: { type: 'string' } } } },
      },
    },
  };

  paths['/docs/problems'] = {
    get: {
      operationId: 'problemCodes',
      summary: 'The problem codes: where each problem’s `type` (`/docs/problems#<code>`) leads',
      tags: ['docs'],
      'x-roles': [],
      'x-access': 'public',
      security: [{}],
      responses: {
        200: { description: 'the page, one anchor per code', content: { 'text/html': { schema: { type: 'string' } } } },
      },
    },
  };

  return {
    openapi: '3.1.0',
    info: {
      title: 'xuanren 选任 API',
      version: '1',
      summary: 'Cadre selection and appointment (选人用人) as durable Temporal workflows',
      description:
        'Every refusal is `application/problem+json` (RFC 9457) with a stable `code`, the offending field paths in ' +
        '`errors`, and the request id. Every POST honours `Idempotency-Key`. Roles come from the bearer token’s ' +
        '`roles` claim; `x-roles` on each operation lists the roles the role matrix (api/access.ts) lets through, ' +
        'and the workflow then applies the finer rules (own branch, own candidacy, stage).',
    },
    servers: [{ url: '/', description: 'this server' }],
    tags: [
      { name: 'batches', description: 'selection batches (干部选拔): start, list, read, audit' },
      { name: 'procedure', description: 'each step of a selection batch, as a workflow update' },
      { name: 'probation', description: 'after the appointment: talk and probation outcome' },
      { name: 'rank-batches', description: 'rank promotion batches (职级晋升)' },
      { name: 'calendar', description: 'the official working-day calendar' },
      { name: 'training', description: 'training sessions (培训) and the cadre record' },
      { name: 'reports', description: 'annual figures' },
      { name: 'health', description: 'liveness, readiness, metrics' },
      { name: 'temporal', description: 'the payload codec of the Temporal UI and CLI' },
      { name: 'docs', description: 'this document' },
    ],
    paths,
    components: {
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            'Claims: `sub`, `name`, `roles` (ORG_OFFICER, ORG_HEAD, PARTY_GROUP_MEMBER, PARTY_GROUP_SECRETARY, ' +
            'BRANCH_SECRETARY, DISCIPLINE_GROUP, AUDITOR), `branchId` (branch secretaries), `memberId` (party group).',
        },
      },
      headers: {
        'X-Request-Id': {
          description: 'the request id (echoed from the request’s X-Request-Id, or generated); also in problems',
          schema: { type: 'string' },
        },
        'Retry-After': { description: 'seconds to wait before retrying', schema: { type: 'string' } },
      },
      schemas,
    },
  };
}

function pathParamsOf(path: string, schemas: Record<string, Json>): ParamSpec[] {
  return [...path.matchAll(/:([A-Za-z0-9_]+)/g)]
    .map((m) => m[1]!)
    .filter((name) => name !== 'id')
    .map((name) => pathParam(name, schemas[name] ?? { type: 'string', minLength: 1 }, name));
}

/** The role matrix with the rank-batch and report routes' own matrices (spread into it once app.ts mounts them). */
const allAccess: Record<string, Access> = { ...rankBatchesAccess, ...reportsAccess, ...accessMatrix };

function accessOf(endpoint: string): Access {
  const access = allAccess[endpoint];
  if (!access) throw new Error(`openapi: ${endpoint} is in no role matrix`);
  return access;
}

function splitEndpoint(endpoint: string): { method: Method; path: string } {
  const [method, path] = endpoint.split(' ') as [string, string];
  return { method: method.toLowerCase() as Method, path };
}

function merge(...maps: Record<number, string[]>[]): Record<number, string[]> {
  const out: Record<number, string[]> = {};
  for (const map of maps)
    for (const [status, codes] of Object.entries(map)) out[+status] = [...new Set([...(out[+status] ?? []), ...codes])];
  return out;
}

/**
 * `GET /api/v1/openapi.json` and the interactive reference at `/docs` (Swagger UI; its assets come from the
 * swagger-ui-dist package, nothing from the internet). Mount before authentication: both are public.
 */
export function openApiRoutes(document: Json = buildOpenApiDocument()): Router {
  const router = Router();
  router.get(`${API}/openapi.json`, (_req, res) => {
    res.json(document);
  });
  const options = {
    customSiteTitle: 'xuanren API',
    // No call to the online validator: the page works without the internet.
    swaggerOptions: { validatorUrl: null, persistAuthorization: true },
  };
  const catalogue = problemsPage(document);
  router.get('/docs/problems', (_req, res) => {
    res.type('html').send(catalogue);
  });
  router.use('/docs', swaggerUi.serveFiles(document, options), swaggerUi.setup(document, options));
  return router;
}
