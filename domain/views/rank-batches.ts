import { z } from 'zod';
import { linksSchema, instant, isoDate, nullableText } from './common';
import { batchFactsShape, checkSchema } from './batches';
import { named } from './view';

const rankShape = {
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
      updatedAt: instant,
      blockers: z.array(z.looseObject({ code: z.string(), message: z.string() })).optional(),
      eligibilityTrace: z.unknown().optional(),
      checks: z.array(checkSchema),
      evaluation: z
        .looseObject({
          method: z.string(),
          heldOn: isoDate,
          participants: z.int(),
          favourable: z.int(),
          note: nullableText.optional(),
          recordedBy: z.string(),
          recordedAt: instant,
        })
        .nullable(),
      rankChange: z
        .looseObject({
          fromRank: z.string(),
          toRank: z.string(),
          documentNo: z.string(),
          approvedOn: isoDate,
          authority: nullableText,
          decisionDate: isoDate,
          recordedBy: z.string(),
          recordedAt: instant,
        })
        .nullable(),
    }),
  ),
};

/** What the read model holds of a rank batch: the detail without its links. */
export const rankBatchRecordSchema = z.looseObject({ ...batchFactsShape, ...rankShape });

export const rankBatchDetailSchema = named(
  'RankBatchDetail',
  z
    .looseObject({ ...batchFactsShape, links: linksSchema, ...rankShape })
    .describe('a rank promotion batch (职级晋升) as the caller may see it'),
);
