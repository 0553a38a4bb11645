import { z } from 'zod';
import { holdings, isOneStepUp, tenureRule, type Holding, type Rank } from './ranks';

// Pure and deterministic: imported by workflow code. No I/O, no clock, no randomness.

/** 年度考核 grades (《公务员考核规定》). */
export const assessmentGrades = ['优秀', '称职', '基本称职', '不称职', '不定等次'] as const;
export type AssessmentGrade = (typeof assessmentGrades)[number];

/** [REG 《公务员职务与职级并行规定》 art. 21] effects during which a cadre may not be promoted. */
export const disciplinaryKinds = ['ADMONISHMENT', 'ORGANIZATIONAL_MEASURE', 'SANCTION', 'UNDER_INVESTIGATION'] as const;
export type DisciplinaryKind = (typeof disciplinaryKinds)[number];
export const disciplinaryLabels: Record<DisciplinaryKind, string> = {
  ADMONISHMENT: '诫勉',
  ORGANIZATIONAL_MEASURE: '组织处理',
  SANCTION: '处分',
  UNDER_INVESTIGATION: '立案审查调查',
};

/** A calendar date in the range a career can span (the arithmetic below relies on four-digit years). */
export const careerDate = z.iso
  .date()
  .refine((d) => d >= '1900-01-01' && d <= '2100-12-31', 'must be between 1900-01-01 and 2100-12-31');
const isoDate = careerDate;

/** One period of a career: a rank or a leading post, `from` inclusive, `to` (the next holding's first day) exclusive. */
export const holdingPeriodSchema = z
  .strictObject({ holding: z.enum(holdings), from: isoDate, to: isoDate.optional() })
  .refine((p) => p.to === undefined || p.to > p.from, { path: ['to'], message: 'must be after from' });
export type HoldingPeriod = z.output<typeof holdingPeriodSchema>;

export const assessmentSchema = z.strictObject({
  year: z.number().int().min(1950).max(2100),
  grade: z.enum(assessmentGrades),
});
export type Assessment = z.output<typeof assessmentSchema>;

/** `until` is the last day of the effect period; absent while it lasts (an investigation under way). */
export const disciplinaryEffectSchema = z
  .strictObject({
    kind: z.enum(disciplinaryKinds),
    from: isoDate,
    until: isoDate.optional(),
    note: z.string().max(1000).optional(),
  })
  .refine((e) => e.until === undefined || e.until >= e.from, { path: ['until'], message: 'must not precede from' });
export type DisciplinaryEffect = z.output<typeof disciplinaryEffectSchema>;

/**
 * [DESIGN] where art. 18–19 are silent. `assessmentYear`: which years' assessments belong to the tenure —
 * `held_at_year_end` (default: the year's assessment was made in the qualifying rank, i.e. it was held on 31 December)
 * or `any_part_of_year`. `missingAssessment`: a completed year of the tenure without a recorded assessment `blocks`
 * (default, conservative: the data must be completed) or is `not_counted` (treated like 不定等次).
 */
export const eligibilitySettingsSchema = z.strictObject({
  assessmentYear: z.enum(['held_at_year_end', 'any_part_of_year']).default('held_at_year_end'),
  missingAssessment: z.enum(['blocks', 'not_counted']).default('blocks'),
});
export type EligibilitySettings = z.output<typeof eligibilitySettingsSchema>;
export const defaultEligibilitySettings: EligibilitySettings = eligibilitySettingsSchema.parse({});

export interface EligibilityInput {
  currentRank: Rank;
  targetRank: Rank;
  rankHistory: readonly HoldingPeriod[];
  assessments: readonly Assessment[];
  disciplinaryEffects?: readonly DisciplinaryEffect[];
  /** Reference date (YYYY-MM-DD): tenure is counted up to, not including, this day. */
  asOf: string;
  settings?: Partial<EligibilitySettings>;
  /**
   * The annual assessment of the year before `asOf`'s is made early in the year and often not recorded yet: when set
   * and eligibility depends on it, the result awaits it (`awaitingAssessment`) instead of refusing for it.
   */
  awaitLastYearsAssessment?: boolean;
}

export const blockerCodes = [
  'rank.not_one_step',
  'rank.no_rule',
  'tenure.insufficient',
  'assessment.incompetent',
  'assessment.missing',
  'assessment.pending',
  'discipline.in_effect',
] as const;
export type BlockerCode = (typeof blockerCodes)[number];

export interface Blocker {
  code: BlockerCode;
  message: string;
  /** The assessment year, for `assessment.missing` and `assessment.pending`. */
  year?: number;
}

export type AssessmentEffect = 'counted' | 'shortens' | 'not_counted' | 'blocks';

export interface EligibilityTrace {
  asOf: string;
  currentRank: Rank;
  targetRank: Rank;
  settings: EligibilitySettings;
  rule: { years: number; from: Holding[]; article: string } | null;
  /** Qualifying periods, clipped to the reference date. */
  periods: { holding: Holding; from: string; to: string; days: number }[];
  /** Days in a qualifying holding (overlapping periods counted once). */
  servedDays: number;
  assessmentYears: {
    year: number;
    grade: AssessmentGrade | 'MISSING';
    effect: AssessmentEffect;
    daysInTenure: number;
  }[];
  notCountedDays: number;
  countedDays: number;
  requiredMonths: number;
  shortenedByMonths: number;
  requiredMonthsNet: number;
  /** The requirement as days: from `requiredFrom` (the reference date minus the net months) to the reference date. */
  requiredFrom: string;
  requiredDays: number;
  disciplinary: { kind: DisciplinaryKind; from: string; until: string | null; inEffect: boolean }[];
  /** The computation in words, in order. */
  steps: string[];
}

export interface Eligibility {
  eligible: boolean;
  blockers: Blocker[];
  trace: EligibilityTrace;
  /**
   * The year whose annual assessment is not recorded yet and on which eligibility depends (only with
   * `awaitLastYearsAssessment`): once it is recorded, eligibility is computed again.
   */
  awaitingAssessment?: number;
}

const DAY = 86_400_000;
const dayNo = (date: string) => Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10)) / DAY;
const dateOf = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);

/** The same day of month `months` later (earlier when negative), clamped to the month's last day. */
export function addMonthsToDate(date: string, months: number): string {
  const total = +date.slice(0, 4) * 12 + (+date.slice(5, 7) - 1) + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return dateOf(Date.UTC(year, month, Math.min(+date.slice(8, 10), lastDay)) / DAY);
}

type Interval = [start: number, end: number];

function merge(intervals: Interval[]): Interval[] {
  const sorted = intervals.filter(([s, e]) => e > s).sort((a, b) => a[0] - b[0]);
  const out: Interval[] = [];
  for (const [s, e] of sorted) {
    const last = out.at(-1);
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

const overlap = (intervals: Interval[], [s, e]: Interval) =>
  intervals.reduce((n, [a, b]) => n + Math.max(0, Math.min(b, e) - Math.max(a, s)), 0);

/**
 * Whether a cadre meets the basic qualifications for promotion to `targetRank` on `asOf`, with the computation trace
 * kept for audit. Rules ([REG 《公务员职务与职级并行规定》(2019)]):
 * - art. 17: one step at a time (`rank.not_one_step`);
 * - art. 18: minimum years in the rank below or the named leading post (`tenure.insufficient`); time is counted in
 *   days, the requirement being the months counted back from the reference date, so the anniversary qualifies;
 * - art. 19: each 优秀 year of the tenure shortens the requirement by 6 months; a 基本称职 or 不定等次 year's days in
 *   the tenure do not count; a 不称职 year blocks (`assessment.incompetent`);
 * - art. 21: within the effect period of 诫勉, an organizational measure or a sanction, or under investigation
 *   (`discipline.in_effect`).
 * Eligibility is not entitlement: the party group still decides.
 */
export function computeEligibility(input: EligibilityInput): Eligibility {
  const result = computeOnce(input);
  if (result.eligible || input.awaitLastYearsAssessment !== true) return result;
  const year = +input.asOf.slice(0, 4) - 1;
  if (!result.trace.assessmentYears.some((y) => y.year === year && y.grade === 'MISSING')) return result;
  // The best the missing grade could be: when even 优秀 leaves the cadre ineligible, nothing is worth waiting for.
  const withGrade = (grade: AssessmentGrade) =>
    computeOnce({ ...input, assessments: [...input.assessments, { year, grade }] }).eligible;
  if (!withGrade('优秀')) return result;
  const message = `the ${year} annual assessment is not recorded yet: eligibility is computed again once it is`;
  const pending: Blocker = { code: 'assessment.pending', message, year };
  const blockers = result.blockers.some((b) => b.code === 'assessment.missing' && b.year === year)
    ? result.blockers.map((b) => (b.code === 'assessment.missing' && b.year === year ? pending : b))
    : [pending, ...result.blockers];
  return {
    eligible: false,
    blockers,
    awaitingAssessment: year,
    trace: {
      ...result.trace,
      steps: [
        ...result.trace.steps,
        `⧗ waiting for the ${year} annual assessment: eligible if it is ${withGrade('称职') ? '称职 or 优秀' : '优秀'}`,
      ],
    },
  };
}

function computeOnce(input: EligibilityInput): Eligibility {
  const settings: EligibilitySettings = { ...defaultEligibilitySettings, ...input.settings };
  const { currentRank, targetRank, asOf } = input;
  const asOfDay = dayNo(asOf);
  const blockers: Blocker[] = [];
  const steps: string[] = [];
  const block = (code: BlockerCode, message: string, year?: number) => {
    blockers.push({ code, message, ...(year === undefined ? {} : { year }) });
    steps.push(`✗ ${message}`);
  };

  if (!isOneStepUp(currentRank, targetRank))
    block('rank.not_one_step', `${currentRank} → ${targetRank} is not one step up the ladder (art. 17)`);

  const rule = tenureRule(targetRank);
  if (!rule) block('rank.no_rule', `${targetRank} is an entry rank: there is no promotion to it`);
  const from: Holding[] = rule?.from ?? [];
  if (rule)
    steps.push(`${targetRank}: at least ${rule.years} years as ${from.join(' or ')} (art. 18), counted to ${asOf}`);

  const periods = input.rankHistory
    .filter((p) => from.includes(p.holding))
    .map((p) => {
      const start = dayNo(p.from);
      const end = Math.min(p.to === undefined ? asOfDay : dayNo(p.to), asOfDay);
      return { holding: p.holding, from: p.from, to: dateOf(Math.max(start, end)), days: Math.max(0, end - start) };
    })
    .filter((p) => p.days > 0);
  const tenure = merge(periods.map((p) => [dayNo(p.from), dayNo(p.to)]));
  const servedDays = tenure.reduce((n, [s, e]) => n + (e - s), 0);
  for (const p of periods) steps.push(`served ${p.holding} ${p.from} → ${p.to}: ${p.days} days`);
  if (periods.length > 1) steps.push(`in a qualifying holding (overlaps once): ${servedDays} days`);
  if (rule && periods.length === 0) steps.push(`no period as ${from.join(' or ')} before ${asOf}`);

  // Years whose assessment belongs to the tenure.
  const years: number[] = [];
  if (tenure.length > 0) {
    const firstYear = +dateOf(tenure[0]![0]).slice(0, 4);
    const lastYear = +asOf.slice(0, 4) - 1;
    for (let y = firstYear; y <= lastYear; y++) {
      const yearEnd = dayNo(`${y}-12-31`);
      const inTenure =
        settings.assessmentYear === 'held_at_year_end'
          ? tenure.some(([s, e]) => s <= yearEnd && yearEnd < e)
          : overlap(tenure, [dayNo(`${y}-01-01`), yearEnd + 1]) > 0;
      if (inTenure) years.push(y);
    }
  }
  const assessmentYears: EligibilityTrace['assessmentYears'] = [];
  let excellent = 0;
  let notCountedDays = 0;
  for (const year of years) {
    const grade = input.assessments.find((a) => a.year === year)?.grade ?? 'MISSING';
    const daysInTenure = overlap(tenure, [dayNo(`${year}-01-01`), dayNo(`${year + 1}-01-01`)]);
    let effect: AssessmentEffect = 'counted';
    if (grade === '优秀') {
      effect = 'shortens';
      excellent++;
      steps.push(`${year} 优秀: the requirement is 6 months shorter (art. 19)`);
    } else if (grade === '基本称职' || grade === '不定等次') {
      effect = 'not_counted';
      notCountedDays += daysInTenure;
      steps.push(`${year} ${grade}: its ${daysInTenure} days in the tenure are not counted (art. 19)`);
    } else if (grade === '不称职') {
      effect = 'blocks';
      block('assessment.incompetent', `${year} assessed 不称职 (art. 19)`);
    } else if (grade === 'MISSING') {
      if (settings.missingAssessment === 'blocks') {
        effect = 'blocks';
        block('assessment.missing', `no annual assessment recorded for ${year}, a year of the tenure`, year);
      } else {
        effect = 'not_counted';
        notCountedDays += daysInTenure;
        steps.push(`${year} no assessment recorded: its ${daysInTenure} days are not counted (ruleset)`);
      }
    } else {
      steps.push(`${year} 称职: counted`);
    }
    assessmentYears.push({ year, grade, effect, daysInTenure });
  }

  const countedDays = servedDays - notCountedDays;
  const requiredMonths = (rule?.years ?? 0) * 12;
  const shortenedByMonths = 6 * excellent;
  const requiredMonthsNet = Math.max(0, requiredMonths - shortenedByMonths);
  const requiredFrom = addMonthsToDate(asOf, -requiredMonthsNet);
  const requiredDays = asOfDay - dayNo(requiredFrom);
  if (rule) {
    steps.push(
      `required ${requiredMonthsNet} months${shortenedByMonths > 0 ? ` (${requiredMonths} − ${shortenedByMonths})` : ''}: ${requiredFrom} → ${asOf} = ${requiredDays} days`,
    );
    if (countedDays >= requiredDays) steps.push(`✓ counted ${countedDays} days ≥ ${requiredDays} required`);
    else
      block(
        'tenure.insufficient',
        `counted ${countedDays} days in ${from.join(' / ')}, ${requiredDays} required (art. 18–19)`,
      );
  }

  const disciplinary = (input.disciplinaryEffects ?? []).map((e) => {
    const inEffect = e.from <= asOf && (e.until === undefined || asOf <= e.until);
    if (inEffect)
      block(
        'discipline.in_effect',
        `${disciplinaryLabels[e.kind]} in effect since ${e.from}${e.until ? ` until ${e.until}` : ''} (art. 21)`,
      );
    return { kind: e.kind, from: e.from, until: e.until ?? null, inEffect };
  });

  const eligible = blockers.length === 0;
  steps.push(eligible ? '✓ eligible (the party group still decides)' : `✗ not eligible: ${blockers.length} reason(s)`);
  return {
    eligible,
    blockers,
    trace: {
      asOf,
      currentRank,
      targetRank,
      settings,
      rule: rule ? { years: rule.years, from, article: '《公务员职务与职级并行规定》(2019) art. 18' } : null,
      periods,
      servedDays,
      assessmentYears,
      notCountedDays,
      countedDays,
      requiredMonths,
      shortenedByMonths,
      requiredMonthsNet,
      requiredFrom,
      requiredDays,
      disciplinary,
      steps,
    },
  };
}
