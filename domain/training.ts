import { z } from 'zod';
import { addWorkingDays, isCalendarNotPublishedError, type CalendarYears, type IsoDate } from './calendar';

// Training sessions (培训班) and their evaluation: plain records of the organization office (domain.md §1, §5).

/** Stable codes; the Chinese names are what the report prints. */
export const trainingKinds = ['BUSINESS', 'LEADERSHIP', 'INITIAL', 'TRANSFER', 'OTHER'] as const;
export type TrainingKind = (typeof trainingKinds)[number];

export const trainingKindLabels: Record<TrainingKind, string> = {
  BUSINESS: '业务培训',
  LEADERSHIP: '领导力培训',
  INITIAL: '初任培训',
  TRANSFER: '转任培训',
  OTHER: '其他培训',
};

/**
 * [DESIGN] No regulation sets a deadline for evaluating a session; the office's own rule of thumb is that the
 * teaching-quality evaluation and the learning tests are in within 10 working days after the last day.
 */
export const EVALUATION_DUE_WORKING_DAYS = 10;

const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, ".", "_" or "-"');
/** A score out of 100 with at most one decimal (教学质量评估, 学习效果测试). */
const score = z.number().min(0).max(100).multipleOf(0.1);

export const createTrainingSessionSchema = z
  .strictObject({
    id: id.optional(),
    kind: z.enum(trainingKinds),
    title: z.string().trim().min(1).max(200),
    organiser: z.string().trim().min(1).max(200),
    location: z.string().trim().min(1).max(200).optional(),
    startsOn: z.iso.date(),
    endsOn: z.iso.date(),
    /** 学时: positive, in half hours. */
    hours: z.number().positive().max(2000).multipleOf(0.5),
    /** Person ids of the participants, each once. */
    participants: z.array(id).min(1).max(2000),
  })
  .superRefine((body, ctx) => {
    if (body.endsOn < body.startsOn)
      ctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'must not be before startsOn' });
    else if (Date.parse(body.endsOn) - Date.parse(body.startsOn) > 366 * 86_400_000)
      ctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'a session lasts at most a year' });
    duplicates(body.participants, (i) =>
      ctx.addIssue({ code: 'custom', path: ['participants', i], message: 'listed twice' }),
    );
  });
export type CreateTrainingSession = z.output<typeof createTrainingSessionSchema>;

export const learningTestSchema = z
  .strictObject({ personId: id, passed: z.boolean().optional(), score: score.optional() })
  .refine((t) => t.passed !== undefined || t.score !== undefined, {
    message: 'give passed, score, or both',
    path: ['passed'],
  });

export const trainingEvaluationSchema = z
  .strictObject({
    /** 教学质量评估: the session's teaching-quality score, 0–100. */
    teachingQualityScore: score,
    note: z.string().trim().min(1).max(2000).optional(),
    /** 学习效果测试: one result per participant, each participant exactly once. */
    learningTests: z.array(learningTestSchema).min(1).max(2000),
  })
  .superRefine((body, ctx) =>
    duplicates(
      body.learningTests.map((t) => t.personId),
      (i) => ctx.addIssue({ code: 'custom', path: ['learningTests', i, 'personId'], message: 'listed twice' }),
    ),
  );
export type TrainingEvaluation = z.output<typeof trainingEvaluationSchema>;

function duplicates(values: string[], report: (index: number) => void) {
  const seen = new Set<string>();
  values.forEach((v, i) => {
    if (seen.has(v)) report(i);
    seen.add(v);
  });
}

export interface EvaluationRefusal {
  code: 'training.not_ended' | 'training.participants_mismatch';
  message: string;
  /** The offending entries of the body (participants mismatch). */
  errors?: { path: string; message: string }[];
}

/**
 * Whether an evaluation may be recorded: the session has ended (from its last day on: the learning test is usually
 * taken that day) and the results name every participant, and only participants.
 */
export function evaluationRefusal(
  session: { endsOn: IsoDate; participants: readonly string[] },
  body: TrainingEvaluation,
  today: IsoDate,
): EvaluationRefusal | undefined {
  if (today < session.endsOn)
    return {
      code: 'training.not_ended',
      message: `the session ends on ${session.endsOn}; its evaluation can be recorded from that day on`,
    };
  const named = new Set(body.learningTests.map((t) => t.personId));
  const enrolled = new Set(session.participants);
  const errors = [
    ...body.learningTests.flatMap((t, i) =>
      enrolled.has(t.personId)
        ? []
        : [{ path: `learningTests.${i}.personId`, message: `${t.personId} is not a participant of this session` }],
    ),
    ...session.participants
      .filter((p) => !named.has(p))
      .map((p) => ({ path: 'learningTests', message: `no result for participant ${p}` })),
  ];
  return errors.length === 0
    ? undefined
    : {
        code: 'training.participants_mismatch',
        message: 'the learning tests must name each participant of the session exactly once',
        errors,
      };
}

export interface EvaluationDue {
  /** The last day to record the evaluation; null if the calendar of a year it touches is not loaded. */
  evaluationDueOn: IsoDate | null;
  /** Still unevaluated after that day; null while the due date cannot be computed. */
  evaluationOverdue: boolean | null;
}

/** When a session's evaluation is due (EVALUATION_DUE_WORKING_DAYS after the end) and whether it is late. */
export function evaluationDue(
  session: { endsOn: IsoDate; evaluated: boolean },
  years: CalendarYears,
  today: IsoDate,
): EvaluationDue {
  try {
    const { end } = addWorkingDays({ from: session.endsOn, days: EVALUATION_DUE_WORKING_DAYS, years });
    return { evaluationDueOn: end, evaluationOverdue: !session.evaluated && today > end };
  } catch (error) {
    if (isCalendarNotPublishedError(error)) return { evaluationDueOn: null, evaluationOverdue: null };
    throw error;
  }
}
