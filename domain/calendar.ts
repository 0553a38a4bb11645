import { z } from 'zod';

/**
 * The Chinese official working-day calendar (domain.md §4).
 *
 * Pure code: imported by workflow code, so no I/O, no clock, no Node built-ins. Dates are `YYYY-MM-DD` strings
 * and all arithmetic is done on day numbers, never on `Date` objects in a local time zone.
 */

/** A calendar date, `YYYY-MM-DD`. */
export type IsoDate = string;

export interface CalendarYear {
  year: number;
  /** State Council document number, e.g. 国办发明电〔2025〕7号. */
  documentRef?: string;
  /** Every official day off of the holiday periods (weekend days inside a period included). */
  holidays: IsoDate[];
  /** Make-up working days (调休上班) that fall on a Saturday or Sunday. */
  workdays: IsoDate[];
  source: 'chinese-days' | 'manual';
}

export type CalendarYears = ReadonlyMap<number, CalendarYear> | readonly CalendarYear[];

/** [REG 《党政领导干部选拔任用工作条例》(2019) art. 42] 任前公示 lasts at least 5 working days. */
export const MIN_PUBLICITY_WORKING_DAYS = 5;

export const CALENDAR_TIME_ZONE = 'Asia/Shanghai';

export type DayKind = 'workday' | 'makeup_workday' | 'weekend' | 'holiday';

export interface SkippedDay {
  date: IsoDate;
  reason: 'weekend' | 'holiday';
}

export interface WorkingDayWalk {
  from: IsoDate;
  days: number;
  /** The last working day reached: the Nth after `from` (add) or the Nth before it (subtract). */
  end: IsoDate;
  /** The N working days counted, in chronological order. */
  counted: IsoDate[];
  /** Days passed over between `from` and `end`, in chronological order. */
  skipped: SkippedDay[];
}

export interface PublicityWindow {
  startsOn: IsoDate;
  workingDays: number;
  endsOn: IsoDate;
  /** 24:00 Asia/Shanghai at the end of `endsOn`, as a UTC ISO instant. */
  endsAt: string;
  counted: IsoDate[];
}

export interface OpinionDeadline {
  requestedOn: IsoDate;
  dueOn: IsoDate;
  /** 24:00 Asia/Shanghai at the end of `dueOn`, as a UTC ISO instant. */
  dueAt: string;
  remindOn: IsoDate;
  /** 00:00 Asia/Shanghai at the start of `remindOn`, as a UTC ISO instant. */
  remindAt: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Errors

/** A computation touched a year for which no official schedule is loaded. Retrying cannot help until it is. */
export class CalendarNotPublishedError extends Error {
  readonly type = 'CALENDAR_NOT_PUBLISHED';
  readonly code = 'calendar.not_published';
  readonly status = 409;
  override readonly name = 'CALENDAR_NOT_PUBLISHED';

  constructor(readonly year: number) {
    super(`the official working-day calendar for ${year} is not loaded`);
  }
}

export class PublicityTooShortError extends Error {
  readonly type = 'publicity.too_short';
  readonly code = 'publicity.too_short';
  readonly status = 422;
  override readonly name = 'publicity.too_short';
  readonly minimum = MIN_PUBLICITY_WORKING_DAYS;

  constructor(readonly workingDays: number) {
    super(`a public notice lasts at least ${MIN_PUBLICITY_WORKING_DAYS} working days, got ${workingDays}`);
  }
}

export function isCalendarNotPublishedError(error: unknown): error is CalendarNotPublishedError {
  return error instanceof CalendarNotPublishedError;
}

export type CalendarFailure =
  | { type: 'CALENDAR_NOT_PUBLISHED'; year: number }
  | { type: 'publicity.too_short'; workingDays: number; minimum: number };

export type CalendarResult<T> = { ok: true; value: T } | { ok: false; error: CalendarFailure };

/** Runs a calendar computation and returns its domain failures as data; any other error is rethrown. */
export function tryCalendar<T>(compute: () => T): CalendarResult<T> {
  try {
    return { ok: true, value: compute() };
  } catch (error) {
    if (error instanceof CalendarNotPublishedError) {
      return { ok: false, error: { type: error.type, year: error.year } };
    }
    if (error instanceof PublicityTooShortError) {
      return { ok: false, error: { type: error.type, workingDays: error.workingDays, minimum: error.minimum } };
    }
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Plain date arithmetic (proleptic Gregorian, day 0 = 1970-01-01)

const isoDatePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

interface CivilDate {
  year: number;
  month: number;
  day: number;
}

function splitIsoDate(date: string): CivilDate | undefined {
  const match = isoDatePattern.exec(date);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

export function isValidIsoDate(date: string): boolean {
  return splitIsoDate(date) !== undefined;
}

function parseIsoDate(date: string): CivilDate {
  const civil = splitIsoDate(date);
  if (!civil) throw new RangeError(`not a valid YYYY-MM-DD date: ${JSON.stringify(date)}`);
  return civil;
}

// Howard Hinnant's days_from_civil / civil_from_days.
function toDayNumber({ year, month, day }: CivilDate): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function fromDayNumber(dayNumber: number): IsoDate {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(toDayNumber(parseIsoDate(date)) + days);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: IsoDate): number {
  const weekday = (toDayNumber(parseIsoDate(date)) + 4) % 7; // 1970-01-01 was a Thursday
  return weekday < 0 ? weekday + 7 : weekday;
}

export function isWeekend(date: IsoDate): boolean {
  const weekday = dayOfWeek(date);
  return weekday === 0 || weekday === 6;
}

// China Standard Time is UTC+8 all year (no daylight saving since 1991), so a fixed offset is exact.

/** 00:00 Asia/Shanghai at the start of `date`, as a UTC ISO instant. */
export function startOfDayInstant(date: IsoDate): string {
  return `${addDays(date, -1)}T16:00:00.000Z`;
}

/** 24:00 Asia/Shanghai at the end of `date` (= 00:00 the next day), as a UTC ISO instant. */
export function endOfDayInstant(date: IsoDate): string {
  parseIsoDate(date);
  return `${date}T16:00:00.000Z`;
}

// ---------------------------------------------------------------------------------------------------------------
// Working days

interface YearIndex {
  holidays: ReadonlySet<IsoDate>;
  workdays: ReadonlySet<IsoDate>;
}

type YearLookup = (year: number) => YearIndex;

function yearLookup(years: CalendarYears): YearLookup {
  const byYear = new Map<number, CalendarYear>();
  if (Array.isArray(years)) {
    for (const entry of years as readonly CalendarYear[]) {
      if (byYear.has(entry.year)) throw new RangeError(`calendar year ${entry.year} given twice`);
      byYear.set(entry.year, entry);
    }
  } else {
    for (const [year, entry] of years as ReadonlyMap<number, CalendarYear>) byYear.set(year, entry);
  }
  const indexed = new Map<number, YearIndex>();
  return (year) => {
    const known = indexed.get(year);
    if (known) return known;
    const entry = byYear.get(year);
    if (!entry) throw new CalendarNotPublishedError(year);
    const index = { holidays: new Set(entry.holidays), workdays: new Set(entry.workdays) };
    indexed.set(year, index);
    return index;
  };
}

function classify(date: IsoDate, lookup: YearLookup): DayKind {
  const { holidays, workdays } = lookup(parseIsoDate(date).year);
  if (workdays.has(date)) return 'makeup_workday';
  if (holidays.has(date)) return 'holiday';
  return isWeekend(date) ? 'weekend' : 'workday';
}

/** Throws CalendarNotPublishedError when the date's year has no official data. */
export function classifyDay(date: IsoDate, years: CalendarYears): DayKind {
  return classify(date, yearLookup(years));
}

/** Monday–Friday, minus statutory holidays, plus make-up working days. */
export function isWorkingDay(date: IsoDate, years: CalendarYears): boolean {
  const kind = classifyDay(date, years);
  return kind === 'workday' || kind === 'makeup_workday';
}

const MAX_WALK_DAYS = 3660;

function assertDayCount(days: number): void {
  if (!Number.isSafeInteger(days) || days < 1 || days > MAX_WALK_DAYS) {
    throw new RangeError(`days must be an integer between 1 and ${MAX_WALK_DAYS}, got ${days}`);
  }
}

function walk(from: IsoDate, days: number, step: 1 | -1, years: CalendarYears): WorkingDayWalk {
  assertDayCount(days);
  const lookup = yearLookup(years);
  let dayNumber = toDayNumber(parseIsoDate(from));
  const counted: IsoDate[] = [];
  const skipped: SkippedDay[] = [];
  // Terminates: each step either counts a day or moves towards a year that is not loaded, which throws.
  while (counted.length < days) {
    dayNumber += step;
    const date = fromDayNumber(dayNumber);
    const kind = classify(date, lookup);
    if (kind === 'workday' || kind === 'makeup_workday') counted.push(date);
    else skipped.push({ date, reason: kind });
  }
  if (step === -1) {
    counted.reverse();
    skipped.reverse();
  }
  const end = step === 1 ? counted[counted.length - 1] : counted[0];
  return { from, days, end: end as IsoDate, counted, skipped };
}

/** The `days`-th working day strictly after `from` (day 1 is the first working day after `from`). */
export function addWorkingDays(args: { from: IsoDate; days: number; years: CalendarYears }): WorkingDayWalk {
  return walk(args.from, args.days, 1, args.years);
}

/** The `days`-th working day strictly before `from`; `end` is the earliest counted day. */
export function subtractWorkingDays(args: { from: IsoDate; days: number; years: CalendarYears }): WorkingDayWalk {
  return walk(args.from, args.days, -1, args.years);
}

/** Number of working days d with `from` < d ≤ `to`; 0 when `to` ≤ `from`. */
export function workingDaysBetween(args: { from: IsoDate; to: IsoDate; years: CalendarYears }): number {
  const lookup = yearLookup(args.years);
  const last = toDayNumber(parseIsoDate(args.to));
  let count = 0;
  for (let dayNumber = toDayNumber(parseIsoDate(args.from)) + 1; dayNumber <= last; dayNumber += 1) {
    const kind = classify(fromDayNumber(dayNumber), lookup);
    if (kind === 'workday' || kind === 'makeup_workday') count += 1;
  }
  return count;
}

/**
 * 任前公示 window [DESIGN, domain.md §2.3]: day 1 is the first working day after the notice starts; the window
 * ends at 24:00 Asia/Shanghai on the last working day. Refuses fewer than 5 working days [REG 2019 art. 42].
 */
export function publicityWindow(args: {
  startsOn: IsoDate;
  workingDays: number;
  years: CalendarYears;
}): PublicityWindow {
  const { startsOn, workingDays, years } = args;
  if (!Number.isSafeInteger(workingDays)) throw new RangeError(`workingDays must be an integer, got ${workingDays}`);
  if (workingDays < MIN_PUBLICITY_WORKING_DAYS) throw new PublicityTooShortError(workingDays);
  const { end, counted } = addWorkingDays({ from: startsOn, days: workingDays, years });
  return { startsOn, workingDays, endsOn: end, endsAt: endOfDayInstant(end), counted };
}

/**
 * Deadline for an opinion requested on `requestedOn` [DESIGN, domain.md §2.1; the counts come from the ruleset]:
 * due at the end of the `workingDays`-th working day after the request, reminder `reminderBefore` working days
 * before the due day (0 = on the due day itself).
 */
export function opinionDeadline(args: {
  requestedOn: IsoDate;
  workingDays: number;
  reminderBefore: number;
  years: CalendarYears;
}): OpinionDeadline {
  const { requestedOn, workingDays, reminderBefore, years } = args;
  if (!Number.isSafeInteger(reminderBefore) || reminderBefore < 0 || reminderBefore >= workingDays) {
    throw new RangeError(`reminderBefore must be an integer from 0 to workingDays - 1, got ${reminderBefore}`);
  }
  const { end: dueOn, counted } = addWorkingDays({ from: requestedOn, days: workingDays, years });
  const remindOn = counted[counted.length - 1 - reminderBefore] as IsoDate;
  return { requestedOn, dueOn, dueAt: endOfDayInstant(dueOn), remindOn, remindAt: startOfDayInstant(remindOn) };
}

// ---------------------------------------------------------------------------------------------------------------
// PUT /calendar/years/:year body

const dateList = z.array(z.iso.date()).max(366);

function checkBody(
  body: { holidays: IsoDate[]; workdays: IsoDate[] },
  ctx: z.RefinementCtx,
  year: number | undefined,
): void {
  const lists = [
    ['holidays', body.holidays],
    ['workdays', body.workdays],
  ] as const;
  for (const [key, dates] of lists) {
    const seen = new Set<IsoDate>();
    dates.forEach((date, i) => {
      const civil = splitIsoDate(date);
      if (!civil) return; // already reported by z.iso.date()
      if (year !== undefined && civil.year !== year) {
        ctx.addIssue({ code: 'custom', path: [key, i], message: `date is not in ${year}` });
      }
      if (seen.has(date)) ctx.addIssue({ code: 'custom', path: [key, i], message: 'duplicate date' });
      seen.add(date);
      if (key === 'workdays' && !isWeekend(date)) {
        ctx.addIssue({ code: 'custom', path: [key, i], message: 'a make-up working day must be a Saturday or Sunday' });
      }
    });
  }
  const holidays = new Set(body.holidays);
  body.workdays.forEach((date, i) => {
    if (holidays.has(date)) {
      ctx.addIssue({ code: 'custom', path: ['workdays', i], message: 'date is also listed as a holiday' });
    }
  });
}

const bodyShape = {
  documentRef: z.string().trim().min(1).max(100).optional(),
  /** Every official year has at least 元旦 off, so an empty list is a mistake. */
  holidays: dateList.min(1),
  workdays: dateList,
};

/** The body without the year check (the year comes from the path): use `calendarYearBodySchema(year)` to validate. */
export const calendarYearSchema = z.strictObject(bodyShape).superRefine((body, ctx) => checkBody(body, ctx, undefined));

export type CalendarYearBody = z.infer<typeof calendarYearSchema>;

export function calendarYearBodySchema(year: number) {
  if (!Number.isSafeInteger(year) || year < 1000 || year > 9999) throw new RangeError(`invalid year ${year}`);
  return z.strictObject(bodyShape).superRefine((body, ctx) => checkBody(body, ctx, year));
}

/** A validated PUT body as a manually entered calendar year (lists sorted). */
export function calendarYearFromBody(year: number, body: CalendarYearBody): CalendarYear {
  return {
    year,
    ...(body.documentRef === undefined ? {} : { documentRef: body.documentRef }),
    holidays: [...body.holidays].sort(),
    workdays: [...body.workdays].sort(),
    source: 'manual',
  };
}
