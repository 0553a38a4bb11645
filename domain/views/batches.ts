import { z } from 'zod';
import { batchKinds, batchStages } from '../batch';
import { itemOutcomes, votes } from '../decision';
import { confidential, instant, isoDate, linksSchema, nullableText, scaledTimersSchema } from './common';
import { named } from './view';

const checkNote = 'confidential: ORG_OFFICER, ORG_HEAD, DISCIPLINE_GROUP, AUDITOR';
const resolutions = ['unfounded', 'minor', 'upheld', 'unverifiable'] as const;

/** What names a batch, in a list and in its detail. */
const batchShape = {
  id: z.string(),
  kind: z.enum(batchKinds),
  title: z.string(),
  year: z.int(),
  orgUnit: z.string(),
  stage: z.enum(batchStages),
  workflowId: z.string(),
};

export const batchSummarySchema = named(
  'BatchSummary',
  z.looseObject({ ...batchShape, createdAt: instant, updatedAt: instant }),
);

export const batchListSchema = named(
  'BatchList',
  z.object({
    items: z.array(batchSummarySchema),
    nextCursor: z.string().nullable().describe('pass as `cursor` for the next page'),
  }),
);

export const checkSchema = z
  .looseObject({
    kind: z.string(),
    signer: z.string(),
    result: z.enum(['clear', 'issues_not_affecting', 'affects_use']),
    actorId: z.string(),
    actorRole: z.string(),
    recordedAt: instant,
    note: nullableText.optional().describe(checkNote),
    reason: nullableText.optional().describe(checkNote),
  })
  .describe('a recorded vetting check');

const appointmentSchema = z.looseObject({
  personId: z.string(),
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
  personId: z.string(),
  workflowId: z.string(),
  startsOn: isoDate,
  endsOn: isoDate,
  outcome: z.enum(['CONFIRMED', 'PROBATION_FAILED']).nullable(),
  decidedOn: isoDate.nullable().describe('the party group’s decision date'),
  decidedBy: nullableText,
  decidedAt: instant.nullable(),
  reason: nullableText,
});

const meetingSchema = z.looseObject({
  meetingId: z.string(),
  heldOn: isoDate,
  members: z.int(),
  attendance: z.array(z.string()),
  minutesRef: nullableText,
  recordedBy: z.string(),
  recordedAt: instant,
  decisions: z.array(
    z.looseObject({
      personId: z.string(),
      outcome: z.enum(itemOutcomes),
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
        vote: z.enum(votes),
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
  endsAt: instant,
  workingDays: z.int().min(5),
  extendedBy: nullableText,
  closedAt: instant.nullable(),
});

const objectionSchema = z.looseObject({
  objectionId: z.string(),
  personId: z.string(),
  channel: z.enum(['PUBLIC', 'STAFF']),
  receivedAt: instant,
  registeredBy: nullableText,
  status: z.enum(['OPEN', 'SUSPENDED', 'RESOLVED']),
  resolution: z.enum(resolutions).nullable(),
  resolvedBy: nullableText,
  resolvedAt: instant.nullable(),
  suspendedUntil: instant.nullable(),
  content: z.string().optional().describe(confidential),
  reporterName: nullableText.optional().describe(confidential),
  reporterContact: nullableText.optional().describe(confidential),
  feedback: nullableText.optional().describe(confidential),
  resolutionNote: nullableText.optional().describe(confidential),
  resolutions: z
    .array(
      z.looseObject({
        resolution: z.enum(resolutions),
        resolvedBy: z.string(),
        resolvedAt: instant,
        suspendedUntil: instant.nullable(),
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
  placedAt: instant,
  liftedBy: nullableText,
  liftedAt: instant.nullable(),
});

const notificationSchema = z.looseObject({
  id: z.string(),
  personId: nullableText,
  kind: z.string(),
  recipientRole: z.string(),
  message: z.string(),
  createdAt: instant,
});

/** The batch row and the procedure's facts, shared by selection and rank batches (db/batches.repository.ts `get`). */
export const batchFactsShape = {
  ...batchShape,
  ruleset: z.looseObject({ version: z.int() }),
  timerScale: z.number().describe('ruleset.timerScale: 1 at real time'),
  scaledTimers: scaledTimersSchema.nullable(),
  createdBy: z.string(),
  createdAt: instant,
  updatedAt: instant,
  closedAt: instant.nullable(),
  cancelReason: nullableText,
  waitingForCalendarYear: z.int().nullable(),
  waitingFor: nullableText,
  publicityEndsAt: instant.nullable(),
  lastSeq: z.int(),
  meetings: z.array(meetingSchema),
  publicity: z.array(publicityWindowSchema),
  objections: z.array(objectionSchema),
  holds: z.array(holdSchema),
  notifications: z.array(notificationSchema).optional().describe(confidential),
};

const selectionShape = {
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
      updatedAt: instant,
      checks: z.array(checkSchema),
      appointment: appointmentSchema.nullable(),
      probation: probationSchema.nullable(),
    }),
  ),
};

/** What the read model holds of a selection batch: the detail without its links. */
export const batchRecordSchema = z.looseObject({ ...batchFactsShape, ...selectionShape });

export const batchDetailSchema = named(
  'BatchDetail',
  z
    .looseObject({ ...batchFactsShape, links: linksSchema, ...selectionShape })
    .describe('a batch as the caller may see it: confidential fields only for the roles allowed to read them'),
);

export const batchStartedSchema = named(
  'BatchStarted',
  z
    .looseObject({ id: z.string(), workflowId: z.string(), stage: z.enum(batchStages), links: linksSchema })
    .describe('the batch detail, or this short form when the read model was not written within 10 s'),
);

export const batchLiveStateSchema = named(
  'BatchLiveState',
  z
    .looseObject({
      id: z.string(),
      kind: z.enum(batchKinds),
      stage: z.enum(batchStages),
      waitingFor: z.string(),
      seq: z.int(),
      candidates: z.array(z.looseObject({ personId: z.string(), state: z.string() })),
    })
    .describe("the workflow's own state (query `state`), read live from Temporal"),
);
