import { ApplicationFailure } from '@temporalio/common';
import type { Db } from '../db/client';
import { createCalendarRepository, yearsForWalk } from '../db/calendar.repository';
import {
  addWorkingDays as addWorkingDaysIn,
  CalendarNotPublishedError,
  endOfDayInstant,
  publicityWindow as publicityWindowIn,
  PublicityTooShortError,
  startOfDayInstant,
  type CalendarYear,
  type IsoDate,
  type PublicityWindow,
} from '../domain/calendar';

/** Failure types a workflow may catch (and list in `nonRetryableErrorTypes`). */
export const calendarFailureTypes = {
  notPublished: 'CALENDAR_NOT_PUBLISHED',
  publicityTooShort: 'publicity.too_short',
  invalidInput: 'calendar.invalid_input',
} as const;

export interface WorkingDaysEnd {
  end: IsoDate;
  /** 24:00 Asia/Shanghai at the end of `end`. */
  endsAt: string;
  /** 00:00 Asia/Shanghai at the start of `end`. */
  startAt: string;
}

/**
 * Turns domain failures into non-retryable ApplicationFailures: retrying cannot load a missing year (the workflow
 * catches CALENDAR_NOT_PUBLISHED and waits for calendarUpdated) nor fix bad input. Anything else (PostgreSQL down)
 * propagates and is retried with backoff.
 */
function asApplicationFailure(error: unknown): unknown {
  if (error instanceof CalendarNotPublishedError) {
    return ApplicationFailure.create({
      type: calendarFailureTypes.notPublished,
      message: `the official holiday schedule for ${error.year} is not loaded`,
      nonRetryable: true,
      details: [{ year: error.year }],
    });
  }
  if (error instanceof PublicityTooShortError) {
    return ApplicationFailure.create({
      type: calendarFailureTypes.publicityTooShort,
      message: error.message,
      nonRetryable: true,
      details: [{ workingDays: error.workingDays, minimum: error.minimum }],
    });
  }
  if (error instanceof RangeError) {
    return ApplicationFailure.create({
      type: calendarFailureTypes.invalidInput,
      message: error.message,
      nonRetryable: true,
    });
  }
  return error;
}

export function createCalendarActivities({ db }: { db: Db }) {
  const calendar = createCalendarRepository({ db });
  return calendarActivitiesOver((years) => calendar.years(years));
}

/** The calendar activities over any source of official years (PostgreSQL in production). */
export function calendarActivitiesOver(loadYears: (years: number[]) => Promise<CalendarYear[]>) {
  return {
    /** 任前公示 window computed from the schedules in PostgreSQL (domain.md §2.3). */
    async publicityWindow({
      startsOn,
      workingDays,
    }: {
      startsOn: IsoDate;
      workingDays: number;
    }): Promise<PublicityWindow> {
      const years = await loadYears(yearsForWalk(startsOn, workingDays));
      try {
        return publicityWindowIn({ startsOn, workingDays, years });
      } catch (error) {
        throw asApplicationFailure(error);
      }
    },

    /** The `days`-th working day after `from`: opinion deadlines, reminders, escalations. */
    async addWorkingDays({ from, days }: { from: IsoDate; days: number }): Promise<WorkingDaysEnd> {
      const years = await loadYears(yearsForWalk(from, days));
      try {
        const { end } = addWorkingDaysIn({ from, days, years });
        return { end, endsAt: endOfDayInstant(end), startAt: startOfDayInstant(end) };
      } catch (error) {
        throw asApplicationFailure(error);
      }
    },
  };
}
