import { z } from 'zod';
import { batchKinds } from '../batch';
import { itemOutcomes } from '../decision';
import { ranks } from '../ranks';
import { trainingKinds } from '../training';
import { fourMusts } from '../vetting';
import { nullableText } from './common';
import { named } from './view';

// The annual figures of domain.md §5 (domain/annual-report.ts renders them; db/report.queries.ts counts them).

const counts = z.record(z.string(), z.int());
const levelCount = z.looseObject({ appointments: z.int(), people: z.int() });

export const checkCountsSchema = z.looseObject({
  done: z.int(),
  clear: z.int(),
  issues_not_affecting: z.int(),
  affects_use: z.int(),
});

/** 凡提四必 checks done per kind and result, vetoes by the integrity opinion, disqualifications, holds. */
export const fourMustFiguresSchema = z.looseObject({
  checks: z.looseObject(Object.fromEntries(fourMusts.map((kind) => [kind, checkCountsSchema])) as FourMustChecks),
  checksDone: z.int(),
  vetoes: z.int(),
  disqualified: z.int(),
  holds: z.looseObject({ placed: z.int(), lifted: z.int(), onCandidates: z.int(), onBatches: z.int() }),
});
type FourMustChecks = Record<(typeof fourMusts)[number], typeof checkCountsSchema>;

export const batchOutcomeSchema = z.looseObject({
  id: z.string(),
  title: z.string(),
  stage: z.string(),
  candidates: z.int(),
  /** APPOINTED, ON_PROBATION, CONFIRMED or PROBATION_FAILED: the candidate was appointed. */
  appointed: z.int(),
  vetoed: z.int(),
  disqualified: z.int(),
  rejected: z.int(),
  notSelected: z.int(),
  cancelled: z.int(),
  withdrawn: z.int(),
  /** Still on the way (not appointed, not out). */
  inProgress: z.int(),
});

export const monthFiguresSchema = z.looseObject({
  month: z.int().min(1).max(12),
  /** Appointment notices to 正处 / 副处 posts. */
  divisionAppointments: z.int(),
  /** Appointment notices to 正科 / 副科 posts. */
  sectionAppointments: z.int(),
  rankPromotions: z.int(),
});

/** Training figures of one kind, or of all kinds together. */
export const trainingCountsShape = {
  /** 期 */
  sessions: z.int(),
  /** 人次: participant rows. */
  participants: z.int(),
  /** Distinct people trained. */
  people: z.int(),
  /** 学时 of the sessions, added up. */
  hours: z.number(),
  /** 学时 × participants: the hours of training received. */
  participantHours: z.number(),
  evaluatedSessions: z.int(),
  /** Mean teaching-quality score (教学质量评估) of the evaluated sessions, 2 decimals; null if none. */
  teachingQualityAverage: z.number().nullable(),
  /** Participants with a learning-test result (学习效果测试). */
  tested: z.int(),
  passed: z.int(),
  failed: z.int(),
  /** passed / (passed + failed), in percent with 1 decimal; null without a pass/fail result. */
  passRate: z.number().nullable(),
  /** Mean learning-test score, 2 decimals; null without a score. */
  testScoreAverage: z.number().nullable(),
};

const batchRef = { id: z.string(), kind: z.enum(batchKinds), title: z.string() };

/**
 * The annual report's figures. Each is one SQL query over the read model, by the dates of `dateBasis`. Batches whose
 * timers ran scaled (tests, drills, demos) are left out of every figure.
 */
export const annualReportSchema = named(
  'AnnualReport',
  z
    .looseObject({
      year: z.int(),
      /** 开展干部选拔 N 批: the year's batches, except those cancelled before any candidate was decided. */
      selectionBatches: z.looseObject({ total: z.int(), byStage: counts }),
      rankPromotionBatches: z.looseObject({ total: z.int(), byStage: counts }),
      /** 新提拔处级领导职务干部 N 人: distinct people appointed to 正处 / 副处 posts. */
      divisionLevelPromotions: z.looseObject({
        people: z.int(),
        appointments: z.int(),
        byLevel: z.looseObject({ 正处: levelCount, 副处: levelCount }),
      }),
      /** 科级干部 N 任: appointment events to 正科 / 副科 posts. */
      sectionLevelAppointments: z.looseObject({
        people: z.int(),
        appointments: z.int(),
        byLevel: z.looseObject({ 正科: levelCount, 副科: levelCount }),
      }),
      /** 职级晋升 N 任: rank changes approved, 人次 (promotions) and 人 (people), by target rank. */
      rankPromotions: z.looseObject({
        promotions: z.int(),
        people: z.int(),
        byTargetRank: z.array(z.looseObject({ rank: z.enum(ranks), promotions: z.int(), people: z.int() })),
      }),
      fourMusts: fourMustFiguresSchema.describe('凡提四必 of the selection batches'),
      rankPromotionChecks: fourMustFiguresSchema.describe('the same checks in rank-promotion batches, counted apart'),
      objections: z
        .looseObject({
          received: z.int(),
          fromPublic: z.int(),
          upheld: z.int(),
          suspended: z.int(),
          unfounded: z.int(),
          minor: z.int(),
          open: z.int(),
        })
        .describe('objections received in the year; each resolution an objection received counts once'),
      /** Members who withdrew from an item (人次), and the items with at least one recusal. */
      recusals: z.looseObject({ recusals: z.int(), items: z.int() }),
      /** Started by start date; confirmed and failed by the date the outcome was decided (not entered). */
      probation: z.looseObject({ started: z.int(), confirmed: z.int(), failed: z.int() }),
      decisionMeetings: z.looseObject({
        held: z.int(),
        byBatchKind: counts,
        items: z.looseObject(Object.fromEntries(itemOutcomes.map((o) => [o, z.int()])) as ItemCounts),
      }),
      /** Each selection batch of the year with what became of its candidates (the document's first table). */
      selectionBatchOutcomes: z.array(batchOutcomeSchema),
      /** Appointments (by notice date) and rank promotions (by approval date), month by month: the document's chart. */
      monthly: z.array(monthFiguresSchema),
      training: z
        .looseObject({
          ...trainingCountsShape,
          /** Every kind, in the order of domain/training.ts, zeros included. */
          byKind: z.array(z.looseObject({ ...trainingCountsShape, kind: z.enum(trainingKinds), label: z.string() })),
        })
        .describe('training sessions (培训班) starting in the year: by kind, participant-times, hours, evaluations'),
      cancelledBeforeDecision: z
        .array(z.looseObject({ ...batchRef, cancelReason: nullableText }))
        .describe('batches of the year cancelled before any candidate was decided: listed apart, not counted in 批'),
      scaledBatchesLeftOut: z
        .array(z.looseObject({ ...batchRef, timerScale: z.number() }))
        .describe('batches of the year whose timers ran scaled (tests, drills, demos): left out of every figure'),
      dateBasis: z.record(z.string(), z.string()).describe('which date decides each figure of the sentence'),
      basis: z.string(),
      notes: z.array(z.string()).describe('notes under the figures; the first says which date decides each'),
    })
    .describe('the annual figures (domain.md §5); each is one SQL query over the read model'),
);
type ItemCounts = Record<(typeof itemOutcomes)[number], z.ZodInt>;
