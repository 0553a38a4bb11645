import { describe, expect, test } from 'vitest';
import {
  addMonthsToDate,
  computeEligibility,
  holdingPeriodSchema,
  type Assessment,
  type BlockerCode,
  type DisciplinaryEffect,
  type EligibilityInput,
  type HoldingPeriod,
} from '../../domain/eligibility';
import { isOneStepUp, rankAbove, ranks, tenureRule, type Rank } from '../../domain/ranks';

const grades = (byYear: Record<number, Assessment['grade']>): Assessment[] =>
  Object.entries(byYear).map(([year, grade]) => ({ year: Number(year), grade }));

/** 四级主任科员 → 三级主任科员: two years (art. 18 (九)), or as 乡科级副职. */
function input(overrides: Partial<EligibilityInput>): EligibilityInput {
  return {
    currentRank: '四级主任科员',
    targetRank: '三级主任科员',
    rankHistory: [],
    assessments: [],
    disciplinaryEffects: [],
    asOf: '2026-06-30',
    ...overrides,
  };
}
const held = (holding: HoldingPeriod['holding'], from: string, to?: string): HoldingPeriod => ({
  holding,
  from,
  ...(to ? { to } : {}),
});

describe('ranks', () => {
  test('when listing the ladder, it has the twelve 综合管理类 ranks from 一级巡视员 down to 二级科员', () => {
    expect(ranks).toHaveLength(12);
    expect([ranks[0], ranks[11]]).toEqual(['一级巡视员', '二级科员']);
  });

  test.each([
    ['二级科员', '一级科员'],
    ['四级主任科员', '三级主任科员'],
    ['一级主任科员', '四级调研员'],
    ['二级巡视员', '一级巡视员'],
    ['一级巡视员', undefined],
  ] as const)('when the rank is %s, the rank above is %s', (rank, above) => {
    expect(rankAbove(rank)).toBe(above);
  });

  test.each([
    ['四级主任科员', '三级主任科员', true],
    ['四级主任科员', '二级主任科员', false],
    ['三级主任科员', '四级主任科员', false],
    ['四级主任科员', '四级主任科员', false],
  ] as const)('when %s is promoted to %s, one step up is %s', (current, target, ok) => {
    expect(isOneStepUp(current, target)).toBe(ok);
  });

  // [REG 《公务员职务与职级并行规定》 art. 18], as domain.md §3 states it.
  test.each([
    ['一级巡视员', 4, ['二级巡视员', '厅局级副职']],
    ['二级巡视员', 4, ['一级调研员']],
    ['一级调研员', 3, ['二级调研员', '县处级正职']],
    ['二级调研员', 2, ['三级调研员']],
    ['三级调研员', 2, ['四级调研员', '县处级副职']],
    ['四级调研员', 2, ['一级主任科员']],
    ['一级主任科员', 2, ['二级主任科员', '乡科级正职']],
    ['二级主任科员', 2, ['三级主任科员']],
    ['三级主任科员', 2, ['四级主任科员', '乡科级副职']],
    ['四级主任科员', 2, ['一级科员']],
    ['一级科员', 2, ['二级科员']],
  ] as const)('when the target is %s, the minimum is %i years as %j', (target, years, from) => {
    expect(tenureRule(target)).toEqual({ target, years, from });
  });

  test('when the target is the entry rank 二级科员, there is no tenure rule', () => {
    expect(tenureRule('二级科员')).toBeUndefined();
  });
});

describe('holdingPeriodSchema', () => {
  test.each([
    [{ holding: '一级科员', from: '2020-01-01' }, true],
    [{ holding: '一级科员', from: '2020-01-01', to: '2020-01-01' }, false],
    [{ holding: '一级科员', from: '0099-01-01' }, false],
    [{ holding: '处长', from: '2020-01-01' }, false],
  ])('when the period is %j, valid is %s', (period, valid) => {
    expect(holdingPeriodSchema.safeParse(period).success).toBe(valid);
  });
});

describe('addMonthsToDate', () => {
  test.each([
    ['2026-06-30', -24, '2024-06-30'],
    ['2026-06-30', -18, '2024-12-30'],
    ['2026-03-31', -1, '2026-02-28'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2026-01-15', -13, '2024-12-15'],
    ['2026-06-30', 0, '2026-06-30'],
  ])('when %s is moved by %i months, it is %s', (date, months, expected) => {
    expect(addMonthsToDate(date, months)).toBe(expected);
  });
});

describe('computeEligibility', () => {
  const cases: {
    case: string;
    in: Partial<EligibilityInput>;
    eligible: boolean;
    blockers?: BlockerCode[];
    counted?: number;
    required?: number;
  }[] = [
    {
      case: 'two full years in the rank below, all 称职 (the anniversary qualifies)',
      in: { rankHistory: [held('四级主任科员', '2024-06-30')], assessments: grades({ 2024: '称职', 2025: '称职' }) },
      eligible: true,
      counted: 730,
      required: 730,
    },
    {
      case: 'one day short of two years',
      in: { rankHistory: [held('四级主任科员', '2024-07-01')], assessments: grades({ 2024: '称职', 2025: '称职' }) },
      eligible: false,
      blockers: ['tenure.insufficient'],
      counted: 729,
      required: 730,
    },
    {
      case: 'one 优秀 year: 18 months suffice, on the day',
      in: { rankHistory: [held('四级主任科员', '2024-12-30')], assessments: grades({ 2024: '称职', 2025: '优秀' }) },
      eligible: true,
      counted: 547,
      required: 547,
    },
    {
      case: 'one 优秀 year, one day short of 18 months',
      in: { rankHistory: [held('四级主任科员', '2024-12-31')], assessments: grades({ 2024: '称职', 2025: '优秀' }) },
      eligible: false,
      blockers: ['tenure.insufficient'],
      counted: 546,
      required: 547,
    },
    {
      case: 'two 优秀 years: 12 months suffice',
      in: { rankHistory: [held('四级主任科员', '2024-12-30')], assessments: grades({ 2024: '优秀', 2025: '优秀' }) },
      eligible: true,
      counted: 547,
      required: 365,
    },
    {
      case: 'a 基本称职 year is not counted, three years leave two',
      in: {
        rankHistory: [held('四级主任科员', '2023-06-30')],
        assessments: grades({ 2023: '称职', 2024: '基本称职', 2025: '称职' }),
      },
      eligible: true,
      counted: 1096 - 366,
      required: 730,
    },
    {
      case: 'a 基本称职 and a 不定等次 year are not counted: too little left',
      in: {
        rankHistory: [held('四级主任科员', '2023-06-30')],
        assessments: grades({ 2023: '不定等次', 2024: '基本称职', 2025: '称职' }),
      },
      eligible: false,
      blockers: ['tenure.insufficient'],
      counted: 1096 - 366 - 185,
      required: 730,
    },
    {
      case: 'a 不称职 year blocks however long the tenure',
      in: {
        rankHistory: [held('四级主任科员', '2019-01-01')],
        assessments: grades({
          2019: '称职',
          2020: '称职',
          2021: '称职',
          2022: '称职',
          2023: '不称职',
          2024: '称职',
          2025: '称职',
        }),
      },
      eligible: false,
      blockers: ['assessment.incompetent'],
    },
    {
      case: 'a completed year of the tenure has no assessment (default: blocks)',
      in: { rankHistory: [held('四级主任科员', '2023-01-01')], assessments: grades({ 2023: '称职', 2025: '称职' }) },
      eligible: false,
      blockers: ['assessment.missing'],
    },
    {
      case: 'a missing assessment with missingAssessment = not_counted: that year is left out',
      in: {
        rankHistory: [held('四级主任科员', '2023-01-01')],
        assessments: grades({ 2023: '称职', 2025: '称职' }),
        settings: { missingAssessment: 'not_counted' },
      },
      eligible: true,
      counted: 1276 - 366,
      required: 730,
    },
    {
      case: 'years as 乡科级副职 count for 三级主任科员 (art. 18 (九)), overlaps once',
      in: {
        rankHistory: [held('乡科级副职', '2024-01-01', '2025-06-01'), held('四级主任科员', '2025-01-01')],
        assessments: grades({ 2024: '称职', 2025: '称职' }),
        asOf: '2026-01-01',
      },
      eligible: true,
      counted: 731,
      required: 731,
    },
    {
      case: 'years as 县处级副职 do not count for 二级主任科员',
      in: {
        currentRank: '三级主任科员',
        targetRank: '二级主任科员',
        rankHistory: [held('县处级副职', '2020-01-01', '2025-01-01'), held('三级主任科员', '2025-01-01')],
        assessments: grades({ 2020: '称职', 2021: '称职', 2022: '称职', 2023: '称职', 2024: '称职', 2025: '称职' }),
      },
      eligible: false,
      blockers: ['tenure.insufficient'],
      counted: 545,
    },
    {
      case: '一级调研员 needs three years as 二级调研员 or 县处级正职',
      in: {
        currentRank: '二级调研员',
        targetRank: '一级调研员',
        rankHistory: [held('县处级正职', '2023-06-30')],
        assessments: grades({ 2023: '称职', 2024: '称职', 2025: '称职' }),
      },
      eligible: true,
      counted: 1096,
      required: 1096,
    },
    {
      case: '二级巡视员 needs four years as 一级调研员 (厅局级副职 does not count for it)',
      in: {
        currentRank: '一级调研员',
        targetRank: '二级巡视员',
        rankHistory: [held('厅局级副职', '2020-01-01', '2024-01-01'), held('一级调研员', '2024-01-01')],
        assessments: grades({ 2020: '称职', 2021: '称职', 2022: '称职', 2023: '称职', 2024: '称职', 2025: '称职' }),
      },
      eligible: false,
      blockers: ['tenure.insufficient'],
    },
    {
      case: '一级巡视员 counts 厅局级副职 years',
      in: {
        currentRank: '二级巡视员',
        targetRank: '一级巡视员',
        rankHistory: [held('厅局级副职', '2021-01-01', '2025-01-01'), held('二级巡视员', '2025-01-01')],
        assessments: grades({ 2021: '称职', 2022: '称职', 2023: '称职', 2024: '称职', 2025: '称职' }),
      },
      eligible: true,
    },
    {
      case: 'two steps up at once',
      in: {
        targetRank: '二级主任科员',
        rankHistory: [held('四级主任科员', '2019-01-01')],
        assessments: grades({
          2019: '称职',
          2020: '称职',
          2021: '称职',
          2022: '称职',
          2023: '称职',
          2024: '称职',
          2025: '称职',
        }),
      },
      eligible: false,
      blockers: ['rank.not_one_step', 'tenure.insufficient'],
    },
    {
      case: 'the entry rank as target',
      in: { currentRank: '一级科员', targetRank: '二级科员' },
      eligible: false,
      blockers: ['rank.not_one_step', 'rank.no_rule'],
    },
  ];

  test.each(cases)('when $case, eligible is $eligible', (c) => {
    const result = computeEligibility(input(c.in));
    expect(result.eligible).toBe(c.eligible);
    expect(result.blockers.map((b) => b.code)).toEqual(c.blockers ?? []);
    if (c.counted !== undefined) expect(result.trace.countedDays).toBe(c.counted);
    if (c.required !== undefined) expect(result.trace.requiredDays).toBe(c.required);
  });

  const longTenure = {
    rankHistory: [held('四级主任科员', '2022-01-01')],
    assessments: grades({ 2022: '称职', 2023: '称职', 2024: '称职', 2025: '称职' }),
  };
  const effect = (e: Partial<DisciplinaryEffect>): DisciplinaryEffect => ({
    kind: 'ADMONISHMENT',
    from: '2026-01-01',
    ...e,
  });

  test.each([
    { case: '诫勉 within its six months', effects: [effect({ until: '2026-07-01' })], blocked: true },
    { case: '诫勉 ended the day before', effects: [effect({ until: '2026-06-29' })], blocked: false },
    { case: '诫勉 ending on the reference date', effects: [effect({ until: '2026-06-30' })], blocked: true },
    {
      case: 'a sanction (处分) in its effect period',
      effects: [effect({ kind: 'SANCTION', from: '2025-09-01', until: '2026-08-31' })],
      blocked: true,
    },
    {
      case: 'an organizational measure (组织处理) long over',
      effects: [effect({ kind: 'ORGANIZATIONAL_MEASURE', from: '2022-01-01', until: '2023-01-01' })],
      blocked: false,
    },
    {
      case: 'an investigation under way (no end)',
      effects: [effect({ kind: 'UNDER_INVESTIGATION', from: '2026-05-01' })],
      blocked: true,
    },
    {
      case: 'an effect that starts after the reference date',
      effects: [effect({ from: '2026-07-01' })],
      blocked: false,
    },
  ])('when $case, disciplinary effects block: $blocked', ({ effects, blocked }) => {
    const result = computeEligibility(input({ ...longTenure, disciplinaryEffects: effects }));
    expect(result.eligible).toBe(!blocked);
    expect(result.blockers.map((b) => b.code)).toEqual(blocked ? ['discipline.in_effect'] : []);
    expect(result.trace.disciplinary[0]?.inEffect).toBe(blocked);
  });

  describe("awaiting last year's assessment (batches held early in the year)", () => {
    // A batch on 2027-01-20: the 2026 assessment is usually made in January or February, not yet recorded.
    const early = (from: string, more: Partial<EligibilityInput> = {}, awaitLastYearsAssessment = true) =>
      computeEligibility(
        input({
          asOf: '2027-01-20',
          rankHistory: [held('四级主任科员', from)],
          assessments: grades({ 2025: '称职' }),
          awaitLastYearsAssessment,
          ...more,
        }),
      );
    test.each([
      {
        case: 'two years served and only 2026 unrecorded',
        result: () => early('2025-01-01'),
        awaiting: 2026,
        blockers: ['assessment.pending'],
      },
      {
        case: 'the same, in a batch started before the correction',
        result: () => early('2025-01-01', {}, false),
        awaiting: undefined,
        blockers: ['assessment.missing'],
      },
      {
        case: 'the tenure suffices only if 2026 is 优秀',
        result: () => early('2025-07-01'),
        awaiting: 2026,
        blockers: ['assessment.pending', 'tenure.insufficient'],
      },
      {
        case: 'even a 优秀 for 2026 would not make the tenure',
        result: () => early('2026-03-01', { assessments: [] }),
        awaiting: undefined,
        blockers: ['assessment.missing', 'tenure.insufficient'],
      },
      {
        case: 'a disciplinary effect blocks anyway',
        result: () =>
          early('2025-01-01', { disciplinaryEffects: [{ kind: 'SANCTION', from: '2026-06-01', until: '2027-05-31' }] }),
        awaiting: undefined,
        blockers: ['assessment.missing', 'discipline.in_effect'],
      },
      {
        case: 'an earlier year (2025) is the one missing',
        result: () => early('2024-01-01', { assessments: grades({ 2024: '称职', 2026: '称职' }) }),
        awaiting: undefined,
        blockers: ['assessment.missing'],
      },
    ])('when $case, the candidate awaits $awaiting with $blockers', ({ result, awaiting, blockers }) => {
      const e = result();
      expect(e.eligible).toBe(false);
      expect(e.awaitingAssessment).toBe(awaiting);
      expect(e.blockers.map((b) => b.code)).toEqual(blockers);
    });

    test('when the awaited assessment is then recorded 称职, the cadre is eligible', () => {
      const e = early('2025-01-01', { assessments: grades({ 2025: '称职', 2026: '称职' }) });
      expect(e).toMatchObject({ eligible: true, blockers: [] });
      expect(e.awaitingAssessment).toBeUndefined();
    });

    test('when a candidate awaits an assessment, the trace says which and why', () => {
      const e = early('2025-07-01');
      expect(e.blockers.find((b) => b.code === 'assessment.pending')).toMatchObject({ year: 2026 });
      expect(e.trace.steps.at(-1)).toContain('2026');
    });
  });

  describe('which years assessments belong to', () => {
    // 乡科级副职 for the first half of 2023, then 四级主任科员 from 2024: 2023 was not held on 31 December.
    const history = [held('乡科级副职', '2023-01-01', '2023-07-01'), held('四级主任科员', '2024-01-01')];
    const assessments = grades({ 2023: '基本称职', 2024: '称职', 2025: '称职' });

    test('when assessments belong to the rank held at year end (default), 2023 is not in the tenure', () => {
      const { trace, eligible } = computeEligibility(input({ rankHistory: history, assessments }));
      expect(trace.assessmentYears.map((y) => y.year)).toEqual([2024, 2025]);
      expect(trace.notCountedDays).toBe(0);
      expect(trace.countedDays).toBe(181 + 911);
      expect(eligible).toBe(true);
    });

    test('when any part of a year counts, 2023 is in the tenure and its 181 days are not counted', () => {
      const { trace, eligible } = computeEligibility(
        input({ rankHistory: history, assessments, settings: { assessmentYear: 'any_part_of_year' } }),
      );
      expect(trace.assessmentYears.map((y) => [y.year, y.effect])).toEqual([
        [2023, 'not_counted'],
        [2024, 'counted'],
        [2025, 'counted'],
      ]);
      expect(trace.notCountedDays).toBe(181);
      expect(eligible).toBe(true);
    });
  });

  test('when computed, the trace records the rule, the periods, each year and every step in words', () => {
    const result = computeEligibility(
      input({ rankHistory: [held('四级主任科员', '2024-12-30')], assessments: grades({ 2024: '称职', 2025: '优秀' }) }),
    );
    expect(result.trace).toMatchObject({
      asOf: '2026-06-30',
      rule: { years: 2, from: ['四级主任科员', '乡科级副职'] },
      periods: [{ holding: '四级主任科员', from: '2024-12-30', to: '2026-06-30', days: 547 }],
      assessmentYears: [
        { year: 2024, grade: '称职', effect: 'counted', daysInTenure: 2 },
        { year: 2025, grade: '优秀', effect: 'shortens', daysInTenure: 365 },
      ],
      requiredMonths: 24,
      shortenedByMonths: 6,
      requiredMonthsNet: 18,
      requiredFrom: '2024-12-30',
      settings: { assessmentYear: 'held_at_year_end', missingAssessment: 'blocks' },
    });
    expect(result.trace.steps.at(-1)).toContain('eligible');
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });

  test('when the reference date is before the history, nothing is served', () => {
    const result = computeEligibility(input({ rankHistory: [held('四级主任科员', '2027-01-01')], asOf: '2026-06-30' }));
    expect(result.trace.servedDays).toBe(0);
    expect(result.blockers.map((b) => b.code)).toEqual(['tenure.insufficient']);
  });

  test.each(ranks.slice(0, 11).map((target) => [target] as [Rank]))(
    'when promoted to %s with exactly the minimum years in the rank below, the candidate is eligible',
    (target) => {
      const rule = tenureRule(target)!;
      const below = ranks[ranks.indexOf(target) + 1]!;
      const from = addMonthsToDate('2026-06-30', -12 * rule.years);
      const years = Array.from({ length: rule.years + 1 }, (_, i) => +from.slice(0, 4) + i).filter((y) => y < 2026);
      const result = computeEligibility(
        input({
          currentRank: below,
          targetRank: target,
          rankHistory: [held(below, from)],
          assessments: years.map((year) => ({ year, grade: '称职' })),
        }),
      );
      expect(result.blockers).toEqual([]);
    },
  );
});
