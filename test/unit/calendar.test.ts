import chineseDays from 'chinese-days';
import { describe, expect, test } from 'vitest';
import {
  addDays,
  addWorkingDays,
  CalendarNotPublishedError,
  calendarYearBodySchema,
  calendarYearFromBody,
  calendarYearSchema,
  classifyDay,
  dayOfWeek,
  endOfDayInstant,
  isValidIsoDate,
  isWorkingDay,
  opinionDeadline,
  publicityWindow,
  PublicityTooShortError,
  startOfDayInstant,
  subtractWorkingDays,
  tryCalendar,
  workingDaysBetween,
  type CalendarYear,
  type DayKind,
} from '../../domain/calendar';
import { officialYearsFromChineseDays, publishedYearsInChineseDays } from '../../domain/calendar-data';

function range(from: string, to: string): string[] {
  const dates: string[] = [];
  for (let date = from; date <= to; date = addDays(date, 1)) dates.push(date);
  return dates;
}

/** The 2026 schedule as domain.md §4 states it (国办发明电〔2025〕7号, published 2025-11-04). */
const official2026: CalendarYear = {
  year: 2026,
  documentRef: '国办发明电〔2025〕7号',
  holidays: [
    ...range('2026-01-01', '2026-01-03'),
    ...range('2026-02-15', '2026-02-23'),
    ...range('2026-04-04', '2026-04-06'),
    ...range('2026-05-01', '2026-05-05'),
    ...range('2026-06-19', '2026-06-21'),
    ...range('2026-09-25', '2026-09-27'),
    ...range('2026-10-01', '2026-10-07'),
  ],
  workdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
  source: 'chinese-days',
};

const years2025and2026 = officialYearsFromChineseDays([2025, 2026]);
const only2026 = [official2026];

function failureOf(compute: () => unknown): unknown {
  try {
    compute();
  } catch (error) {
    return error;
  }
  throw new Error('expected the computation to fail');
}

describe('calendar', () => {
  describe('isValidIsoDate', () => {
    test.each([
      ['2026-02-28', true],
      ['2024-02-29', true],
      ['2000-02-29', true],
      ['2026-02-29', false],
      ['1900-02-29', false],
      ['2026-04-31', false],
      ['2026-13-01', false],
      ['2026-00-10', false],
      ['2026-1-01', false],
      ['2026-01-01T00:00:00Z', false],
      ['', false],
    ])('when given %s, returns %s', (date, expected) => {
      expect(isValidIsoDate(date)).toBe(expected);
    });
  });

  describe('addDays', () => {
    test.each([
      ['2026-02-28', 1, '2026-03-01'],
      ['2024-02-28', 1, '2024-02-29'],
      ['2026-12-31', 1, '2027-01-01'],
      ['2026-01-01', -1, '2025-12-31'],
      ['1970-01-01', -1, '1969-12-31'],
      ['2026-01-01', 365, '2027-01-01'],
      ['2028-01-01', 366, '2029-01-01'],
    ])('when %s plus %i days, gives %s', (date, days, expected) => {
      expect(addDays(date, days)).toBe(expected);
    });

    test('when the date is not a calendar date, throws a RangeError', () => {
      expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
    });
  });

  describe('dayOfWeek', () => {
    test.each([
      ['1970-01-01', 4],
      ['1969-12-31', 3],
      ['2000-02-29', 2],
      ['2026-01-04', 0],
      ['2026-02-14', 6],
      ['2026-10-01', 4],
    ])('when %s, returns %i', (date, expected) => {
      expect(dayOfWeek(date)).toBe(expected);
    });
  });

  describe('endOfDayInstant', () => {
    test.each([
      ['2026-03-06', '2026-03-06T16:00:00.000Z'],
      ['2026-12-31', '2026-12-31T16:00:00.000Z'],
    ])('when %s, is 24:00 Asia/Shanghai: %s', (date, expected) => {
      expect(endOfDayInstant(date)).toBe(expected);
      expect(new Date(expected).toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai' })).toBe(
        `${addDays(date, 1)} 00:00:00`,
      );
    });
  });

  describe('startOfDayInstant', () => {
    test('when 2026-01-01, is 00:00 Asia/Shanghai, the previous day 16:00 UTC', () => {
      expect(startOfDayInstant('2026-01-01')).toBe('2025-12-31T16:00:00.000Z');
    });
  });

  describe('classifyDay', () => {
    test.each<[string, DayKind]>([
      ['2026-01-01', 'holiday'],
      ['2026-01-03', 'holiday'],
      ['2026-01-04', 'makeup_workday'],
      ['2026-01-05', 'workday'],
      ['2026-01-10', 'weekend'],
      ['2026-02-14', 'makeup_workday'],
      ['2026-02-15', 'holiday'],
      ['2026-02-28', 'makeup_workday'],
      ['2026-03-01', 'weekend'],
    ])('when %s, is a %s', (date, expected) => {
      expect(classifyDay(date, only2026)).toBe(expected);
    });
  });

  describe('isWorkingDay', () => {
    const cases: [string, string, boolean][] = [
      ['元旦', '2026-01-01', false],
      ['元旦', '2026-01-02', false],
      ['元旦', '2026-01-03', false],
      ['元旦 make-up Sunday', '2026-01-04', true],
      ['an ordinary Monday', '2026-01-05', true],
      ['an ordinary Saturday', '2026-01-10', false],
      ['春节 make-up Saturday', '2026-02-14', true],
      ...range('2026-02-15', '2026-02-23').map((date): [string, string, boolean] => ['春节', date, false]),
      ['the Tuesday after 春节', '2026-02-24', true],
      ['春节 make-up Saturday', '2026-02-28', true],
      ['the Sunday after it', '2026-03-01', false],
      ['清明 Monday', '2026-04-06', false],
      ...range('2026-05-01', '2026-05-05').map((date): [string, string, boolean] => ['劳动节', date, false]),
      ['the Wednesday after 劳动节', '2026-05-06', true],
      ['劳动节 make-up Saturday', '2026-05-09', true],
      ['the Sunday after it', '2026-05-10', false],
      ['端午 Friday', '2026-06-19', false],
      ['中秋 Friday', '2026-09-25', false],
      ['国庆 make-up Sunday', '2026-09-20', true],
      ...range('2026-10-01', '2026-10-07').map((date): [string, string, boolean] => ['国庆', date, false]),
      ['the Thursday after 国庆', '2026-10-08', true],
      ['国庆 make-up Saturday', '2026-10-10', true],
      ['the Sunday after it', '2026-10-11', false],
    ];

    test.each(cases)('when %s %s, returns %s', (_label, date, expected) => {
      expect(isWorkingDay(date, only2026)).toBe(expected);
      expect(isWorkingDay(date, new Map([[2026, official2026]]))).toBe(expected);
    });

    test('when the year has no data, throws CALENDAR_NOT_PUBLISHED with the year', () => {
      const error = failureOf(() => isWorkingDay('2027-01-04', only2026));
      expect(error).toBeInstanceOf(CalendarNotPublishedError);
      expect(error).toMatchObject({ type: 'CALENDAR_NOT_PUBLISHED', name: 'CALENDAR_NOT_PUBLISHED', year: 2027 });
    });

    test('when the same year is given twice, throws a RangeError', () => {
      expect(() => isWorkingDay('2026-01-05', [official2026, official2026])).toThrow(RangeError);
    });

    test('when the date is not a calendar date, throws a RangeError', () => {
      expect(() => isWorkingDay('2026-02-29', only2026)).toThrow(RangeError);
    });
  });

  describe('addWorkingDays', () => {
    test.each([
      ['2026-02-12', 3, ['2026-02-13', '2026-02-14', '2026-02-24']],
      ['2026-03-06', 1, ['2026-03-09']],
      ['2026-02-14', 1, ['2026-02-24']],
      ['2026-09-18', 1, ['2026-09-20']],
      ['2026-09-29', 3, ['2026-09-30', '2026-10-08', '2026-10-09']],
      ['2026-10-09', 2, ['2026-10-10', '2026-10-12']],
      ['2026-12-30', 1, ['2026-12-31']],
    ])('when from %s plus %i working days, counts %j', (from, days, counted) => {
      const walk = addWorkingDays({ from, days, years: only2026 });
      expect(walk.counted).toEqual(counted);
      expect(walk.end).toBe(counted[counted.length - 1]);
    });

    test('when the walk passes a weekend and a holiday period, reports each skipped day with its reason', () => {
      const walk = addWorkingDays({ from: '2026-02-13', days: 2, years: only2026 });
      expect(walk.skipped).toEqual(range('2026-02-15', '2026-02-23').map((date) => ({ date, reason: 'holiday' })));

      expect(addWorkingDays({ from: '2026-03-06', days: 1, years: only2026 }).skipped).toEqual([
        { date: '2026-03-07', reason: 'weekend' },
        { date: '2026-03-08', reason: 'weekend' },
      ]);
    });

    test('when the walk crosses New Year into a loaded year, uses both years', () => {
      const walk = addWorkingDays({ from: '2025-12-30', days: 3, years: years2025and2026 });
      expect(walk.counted).toEqual(['2025-12-31', '2026-01-04', '2026-01-05']);
    });

    test('when from lies in a year without data but the walk does not, succeeds', () => {
      expect(addWorkingDays({ from: '2025-12-31', days: 1, years: only2026 }).end).toBe('2026-01-04');
    });

    test('when the walk reaches a year without data, throws CALENDAR_NOT_PUBLISHED for that year', () => {
      const error = failureOf(() => addWorkingDays({ from: '2026-12-30', days: 2, years: only2026 }));
      expect(error).toBeInstanceOf(CalendarNotPublishedError);
      expect(error).toMatchObject({ type: 'CALENDAR_NOT_PUBLISHED', year: 2027 });
    });

    test.each([0, -1, 1.5, Number.NaN])('when days is %s, throws a RangeError', (days) => {
      expect(() => addWorkingDays({ from: '2026-03-02', days, years: only2026 })).toThrow(RangeError);
    });
  });

  describe('subtractWorkingDays', () => {
    test.each([
      ['2026-02-27', 2, ['2026-02-25', '2026-02-26']],
      ['2026-02-25', 2, ['2026-02-14', '2026-02-24']],
      ['2026-01-05', 1, ['2026-01-04']],
      ['2026-10-12', 2, ['2026-10-09', '2026-10-10']],
    ])('when %s minus %i working days, counts %j in chronological order', (from, days, counted) => {
      const walk = subtractWorkingDays({ from, days, years: only2026 });
      expect(walk.counted).toEqual(counted);
      expect(walk.end).toBe(counted[0]);
    });

    test('when the walk reaches back into a year without data, throws CALENDAR_NOT_PUBLISHED for that year', () => {
      const error = failureOf(() => subtractWorkingDays({ from: '2026-01-04', days: 1, years: only2026 }));
      expect(error).toMatchObject({ type: 'CALENDAR_NOT_PUBLISHED', year: 2025 });
    });
  });

  describe('workingDaysBetween', () => {
    test.each([
      ['2026-02-13', '2026-02-28', 6],
      ['2026-02-14', '2026-02-23', 0],
      ['2026-03-02', '2026-03-02', 0],
      ['2026-03-09', '2026-03-02', 0],
      ['2025-12-31', '2026-12-31', 248],
    ])('when from %s to %s, counts %i', (from, to, expected) => {
      expect(workingDaysBetween({ from, to, years: only2026 })).toBe(expected);
    });

    test('when the range reaches a year without data, throws CALENDAR_NOT_PUBLISHED', () => {
      expect(() => workingDaysBetween({ from: '2026-12-30', to: '2027-01-05', years: only2026 })).toThrow(
        CalendarNotPublishedError,
      );
    });
  });

  describe('publicityWindow', () => {
    test.each([
      {
        when: 'it starts on the Friday before 春节',
        startsOn: '2026-02-13',
        counted: ['2026-02-14', '2026-02-24', '2026-02-25', '2026-02-26', '2026-02-27'],
      },
      {
        when: 'it starts on the Friday before the 春节 make-up Saturday',
        startsOn: '2026-02-27',
        counted: ['2026-02-28', '2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05'],
      },
      {
        when: 'it starts on the 春节 make-up Saturday itself',
        startsOn: '2026-02-28',
        counted: ['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06'],
      },
      {
        when: 'it starts on an ordinary Friday',
        startsOn: '2026-03-06',
        counted: ['2026-03-09', '2026-03-10', '2026-03-11', '2026-03-12', '2026-03-13'],
      },
      {
        when: 'it starts on an ordinary Monday',
        startsOn: '2026-03-02',
        counted: ['2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06', '2026-03-09'],
      },
      {
        when: 'it starts on a Saturday',
        startsOn: '2026-03-07',
        counted: ['2026-03-09', '2026-03-10', '2026-03-11', '2026-03-12', '2026-03-13'],
      },
      {
        when: 'it starts before 劳动节',
        startsOn: '2026-04-30',
        counted: ['2026-05-06', '2026-05-07', '2026-05-08', '2026-05-09', '2026-05-11'],
      },
      {
        when: 'it spans the 国庆 make-up Sunday',
        startsOn: '2026-09-17',
        counted: ['2026-09-18', '2026-09-20', '2026-09-21', '2026-09-22', '2026-09-23'],
      },
      {
        when: 'it starts before 国庆',
        startsOn: '2026-09-29',
        counted: ['2026-09-30', '2026-10-08', '2026-10-09', '2026-10-10', '2026-10-12'],
      },
      {
        when: 'it ends on the last working day of the year',
        startsOn: '2026-12-24',
        counted: ['2026-12-25', '2026-12-28', '2026-12-29', '2026-12-30', '2026-12-31'],
      },
    ])('when $when, ends at 24:00 on the 5th working day after it', ({ startsOn, counted }) => {
      const endsOn = counted[4] as string;
      expect(publicityWindow({ startsOn, workingDays: 5, years: only2026 })).toEqual({
        startsOn,
        workingDays: 5,
        endsOn,
        endsAt: `${endsOn}T16:00:00.000Z`,
        counted,
      });
    });

    test('when it ends on 2026-03-06, the end instant is midnight of 3/7 in Asia/Shanghai', () => {
      const { endsAt } = publicityWindow({ startsOn: '2026-02-28', workingDays: 5, years: only2026 });
      expect(endsAt).toBe('2026-03-06T16:00:00.000Z');
      expect(new Date(endsAt).toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai' })).toBe('2026-03-07 00:00:00');
    });

    test('when it crosses New Year with both years loaded, counts the 元旦 make-up Sunday', () => {
      const window = publicityWindow({ startsOn: '2025-12-31', workingDays: 5, years: years2025and2026 });
      expect(window.counted).toEqual(['2026-01-04', '2026-01-05', '2026-01-06', '2026-01-07', '2026-01-08']);
      expect(window.endsAt).toBe('2026-01-08T16:00:00.000Z');
    });

    test('when it is extended beyond 5 working days, counts them all', () => {
      const window = publicityWindow({ startsOn: '2026-02-13', workingDays: 7, years: only2026 });
      expect(window.endsOn).toBe('2026-03-02');
    });

    test('when it crosses into a year without data, throws CALENDAR_NOT_PUBLISHED for that year', () => {
      const error = failureOf(() => publicityWindow({ startsOn: '2026-12-28', workingDays: 5, years: only2026 }));
      expect(error).toBeInstanceOf(CalendarNotPublishedError);
      expect(error).toMatchObject({ type: 'CALENDAR_NOT_PUBLISHED', code: 'calendar.not_published', year: 2027 });
    });

    test.each([4, 1, 0, -5])('when it lasts %i working days, refuses it as publicity.too_short', (workingDays) => {
      const error = failureOf(() => publicityWindow({ startsOn: '2026-03-02', workingDays, years: only2026 }));
      expect(error).toBeInstanceOf(PublicityTooShortError);
      expect(error).toMatchObject({ type: 'publicity.too_short', minimum: 5, workingDays });
    });

    test('when workingDays is not an integer, throws a RangeError', () => {
      expect(() => publicityWindow({ startsOn: '2026-03-02', workingDays: 5.5, years: only2026 })).toThrow(RangeError);
    });
  });

  describe('tryCalendar', () => {
    test('when the computation succeeds, returns its value', () => {
      expect(tryCalendar(() => publicityWindow({ startsOn: '2026-02-28', workingDays: 5, years: only2026 }))).toEqual({
        ok: true,
        value: expect.objectContaining({ endsOn: '2026-03-06' }),
      });
    });

    test('when a year is not published, returns CALENDAR_NOT_PUBLISHED with the year', () => {
      expect(tryCalendar(() => publicityWindow({ startsOn: '2026-12-28', workingDays: 5, years: only2026 }))).toEqual({
        ok: false,
        error: { type: 'CALENDAR_NOT_PUBLISHED', year: 2027 },
      });
    });

    test('when the window is too short, returns publicity.too_short', () => {
      expect(tryCalendar(() => publicityWindow({ startsOn: '2026-03-02', workingDays: 3, years: only2026 }))).toEqual({
        ok: false,
        error: { type: 'publicity.too_short', workingDays: 3, minimum: 5 },
      });
    });

    test('when another error is thrown, rethrows it', () => {
      expect(() => tryCalendar(() => addDays('not a date', 1))).toThrow(RangeError);
    });
  });

  describe('opinionDeadline', () => {
    test.each([
      ['2026-02-12', '2026-02-26', '2026-02-24'],
      ['2026-03-02', '2026-03-09', '2026-03-05'],
      ['2026-09-29', '2026-10-12', '2026-10-09'],
    ])(
      'when requested on %s (5 working days, reminder 2 before), is due %s and reminded %s',
      (requestedOn, dueOn, remindOn) => {
        expect(opinionDeadline({ requestedOn, workingDays: 5, reminderBefore: 2, years: only2026 })).toEqual({
          requestedOn,
          dueOn,
          dueAt: `${dueOn}T16:00:00.000Z`,
          remindOn,
          remindAt: startOfDayInstant(remindOn),
        });
      },
    );

    test('when the reminder is 0 working days before, it falls on the due day', () => {
      const deadline = opinionDeadline({
        requestedOn: '2026-03-02',
        workingDays: 5,
        reminderBefore: 0,
        years: only2026,
      });
      expect(deadline.remindOn).toBe(deadline.dueOn);
    });

    test.each([5, 6, -1])('when the reminder is %i working days before a 5-day deadline, throws a RangeError', (n) => {
      expect(() =>
        opinionDeadline({ requestedOn: '2026-03-02', workingDays: 5, reminderBefore: n, years: only2026 }),
      ).toThrow(RangeError);
    });
  });

  describe('calendarYearBodySchema', () => {
    const valid = {
      documentRef: '国办发明电〔2025〕7号',
      holidays: ['2026-01-01', '2026-01-02', '2026-01-03'],
      workdays: ['2026-01-04'],
    };

    test('when the body is valid, accepts it', () => {
      expect(calendarYearBodySchema(2026).parse(valid)).toEqual(valid);
    });

    test('when documentRef is absent, accepts the body', () => {
      expect(calendarYearBodySchema(2026).safeParse({ holidays: ['2026-01-01'], workdays: [] }).success).toBe(true);
    });

    test.each([
      { when: 'a date is not a calendar date', body: { ...valid, holidays: ['2026-02-30'] }, path: ['holidays', 0] },
      { when: 'a date is not YYYY-MM-DD', body: { ...valid, holidays: ['2026-1-1'] }, path: ['holidays', 0] },
      { when: 'a holiday is in another year', body: { ...valid, holidays: ['2025-12-31'] }, path: ['holidays', 0] },
      {
        when: 'a workday is in another year',
        body: { ...valid, workdays: ['2026-01-04', '2027-01-02'] },
        path: ['workdays', 1],
      },
      { when: 'a workday is a weekday', body: { ...valid, workdays: ['2026-01-05'] }, path: ['workdays', 0] },
      {
        when: 'a date is both a holiday and a workday',
        body: { ...valid, holidays: ['2026-01-01', '2026-01-04'] },
        path: ['workdays', 0],
      },
      {
        when: 'a holiday is listed twice',
        body: { ...valid, holidays: ['2026-01-01', '2026-01-01'] },
        path: ['holidays', 1],
      },
      { when: 'no holiday is listed', body: { ...valid, holidays: [] }, path: ['holidays'] },
      { when: 'workdays is missing', body: { holidays: valid.holidays }, path: ['workdays'] },
      { when: 'documentRef is blank', body: { ...valid, documentRef: '  ' }, path: ['documentRef'] },
      { when: 'an unknown key is present', body: { ...valid, year: 2026 }, path: [] },
      { when: 'a key is not an array', body: { ...valid, holidays: '2026-01-01' }, path: ['holidays'] },
    ])('when $when, rejects it at $path', ({ body, path }) => {
      const result = calendarYearBodySchema(2026).safeParse(body);
      expect(result.success).toBe(false);
      expect(result.error?.issues.map((issue) => issue.path)).toContainEqual(path);
    });

    test('when the year itself is invalid, throws a RangeError', () => {
      expect(() => calendarYearBodySchema(26)).toThrow(RangeError);
    });

    test('when the year-agnostic schema is used, checks everything but the year', () => {
      expect(calendarYearSchema.safeParse({ holidays: ['2025-12-31'], workdays: ['2027-01-02'] }).success).toBe(true);
      expect(calendarYearSchema.safeParse({ holidays: ['2025-12-31'], workdays: ['2027-01-04'] }).success).toBe(false);
    });

    test('when every year of chinese-days is validated, accepts it', () => {
      for (const entry of officialYearsFromChineseDays(publishedYearsInChineseDays())) {
        const body = { holidays: entry.holidays, workdays: entry.workdays };
        expect(calendarYearBodySchema(entry.year).safeParse(body).error?.issues ?? []).toEqual([]);
      }
    });
  });

  describe('calendarYearFromBody', () => {
    test('when given a parsed body, returns a sorted manual year', () => {
      const body = calendarYearBodySchema(2026).parse({
        documentRef: ' 国办发明电〔2025〕7号 ',
        holidays: ['2026-01-03', '2026-01-01', '2026-01-02'],
        workdays: ['2026-02-28', '2026-01-04'],
      });
      expect(calendarYearFromBody(2026, body)).toEqual({
        year: 2026,
        documentRef: '国办发明电〔2025〕7号',
        holidays: ['2026-01-01', '2026-01-02', '2026-01-03'],
        workdays: ['2026-01-04', '2026-02-28'],
        source: 'manual',
      });
    });

    test('when documentRef is absent, leaves it out', () => {
      const year = calendarYearFromBody(2026, { holidays: ['2026-01-01'], workdays: [] });
      expect(year).not.toHaveProperty('documentRef');
    });
  });
});

describe('calendar-data', () => {
  describe('publishedYearsInChineseDays', () => {
    test('when asked, lists consecutive years from 2004 through at least 2026', () => {
      const years = publishedYearsInChineseDays();
      expect(years[0]).toBe(2004);
      expect(years).toContain(2026);
      expect(years).toEqual(Array.from({ length: years.length }, (_, i) => 2004 + i));
    });

    test('when a year only appears through a neighbour schedule, leaves it out', () => {
      // 2018-12-29/30/31 come from the 2019 schedule; 2003-12-xx would be the same case for the first year.
      expect(publishedYearsInChineseDays()).not.toContain(2003);
    });
  });

  describe('officialYearsFromChineseDays', () => {
    test('when asked for 2026, matches domain.md §4 exactly', () => {
      expect(officialYearsFromChineseDays([2026])).toEqual([official2026]);
    });

    test('when asked for 2025, carries the make-up days and the document number', () => {
      const [year2025] = officialYearsFromChineseDays([2025]);
      expect(year2025).toMatchObject({
        year: 2025,
        documentRef: '国办发明电〔2024〕12号',
        workdays: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
        source: 'chinese-days',
      });
    });

    test('when asked for years without official data, returns only the covered ones, ascending', () => {
      expect(officialYearsFromChineseDays([2100, 2026, 2003, 2025, 2026]).map((entry) => entry.year)).toEqual([
        2025, 2026,
      ]);
    });

    test('when a neighbour schedule sets late-December days, files them under the year of the date', () => {
      const [year2018] = officialYearsFromChineseDays([2018]);
      expect(year2018?.workdays).toContain('2018-12-29');
      expect(year2018?.holidays).toEqual(expect.arrayContaining(['2018-12-30', '2018-12-31']));
    });

    // The package builds its lookup tables with local-time getters, so its own functions shift every date by a day
    // west of UTC (its raw data, which we read, is right). vitest.config.ts runs the suite in Asia/Shanghai.
    test('when every covered day is checked, agrees with the chinese-days package', () => {
      const years = officialYearsFromChineseDays(publishedYearsInChineseDays());
      const disagreements: string[] = [];
      for (const { year } of years) {
        for (const date of range(`${year}-01-01`, `${year}-12-31`)) {
          if (isWorkingDay(date, years) !== chineseDays.isWorkday(date)) disagreements.push(date);
        }
      }
      expect(disagreements).toEqual([]);
    });
  });
});
