import { z } from 'zod';
import { instant, isoDate, nullableText } from './common';
import { named } from './view';

const evaluationShape = {
  teachingQualityScore: z.number(),
  note: nullableText,
  recordedBy: z.string(),
  recordedAt: instant,
};

const sessionShape = {
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
  createdAt: instant,
  evaluation: z.looseObject(evaluationShape).nullable(),
  // The routes add these two, from the official calendar (domain/training.ts evaluationDue).
  evaluationDueOn: isoDate.nullable().describe('null while the calendar of that year is not loaded'),
  evaluationOverdue: z.boolean().nullable(),
};

/** What the routes add to a session the training repository reads. */
export const evaluationDueFields = { evaluationDueOn: true, evaluationOverdue: true } as const;

const learningTestSchema = z.looseObject({ passed: z.boolean().nullable(), score: z.number().nullable() }).nullable();

export const trainingSessionSummarySchema = z.looseObject({ ...sessionShape, participantCount: z.int() });

export const trainingSessionSchema = named(
  'TrainingSession',
  z
    .looseObject({
      ...sessionShape,
      evaluation: z
        .looseObject({
          ...evaluationShape,
          learningTests: z.looseObject({
            tested: z.int(),
            passed: z.int(),
            failed: z.int(),
            averageScore: z.number().nullable(),
          }),
        })
        .nullable(),
      participantCount: z.int(),
      participants: z.array(z.looseObject({ personId: z.string(), learningTest: learningTestSchema })),
      links: z.looseObject({ self: z.string(), evaluation: z.string() }),
    })
    .describe('a training session (培训班) with its participants and evaluation'),
);

export const trainingSessionListSchema = named(
  'TrainingSessionList',
  z.object({ items: z.array(trainingSessionSummarySchema), nextCursor: z.string().nullable() }),
);

/** A session in a person's record, with their learning test. */
export const attendedSessionSchema = z.looseObject({ ...sessionShape, learningTest: learningTestSchema });

export const personRecordSchema = named(
  'PersonRecord',
  z
    .looseObject({
      personId: z.string(),
      name: nullableText,
      training: z.array(attendedSessionSchema),
      appointments: z.array(
        z.looseObject({
          batchId: z.string(),
          positionId: z.string(),
          position: nullableText,
          orgUnit: nullableText,
          level: z.string(),
          documentNo: z.string(),
          decisionDate: isoDate,
          noticeDate: isoDate,
          probationEndsOn: isoDate.nullable(),
          probationOutcome: nullableText,
        }),
      ),
      rankChanges: z.array(
        z.looseObject({
          batchId: z.string(),
          fromRank: z.string(),
          toRank: z.string(),
          documentNo: z.string(),
          approvedOn: isoDate,
          authority: nullableText,
        }),
      ),
    })
    .describe("a person's cadre record: training, appointments and rank changes"),
);
