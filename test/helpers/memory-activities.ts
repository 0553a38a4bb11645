import type { createActivities } from '../../activities';
import { calendarActivitiesOver } from '../../activities/calendar';
import type { CalendarYear } from '../../domain/calendar';
import { officialYearsFromChineseDays, publishedYearsInChineseDays } from '../../domain/calendar-data';
import type { BatchEvent } from '../../domain/events';

type Activities = ReturnType<typeof createActivities>;

// The time-skipping server's clock is shared by a file's tests and can run years ahead; beyond the official data,
// stand-in years (weekends and New Year's Day off) keep the calendar from blocking tests that are not about it.
const officialYears = officialYearsFromChineseDays(publishedYearsInChineseDays());
const standIns: CalendarYear[] = Array.from({ length: 74 }, (_, i) => 2027 + i).map((year) => ({
  year,
  holidays: [`${year}-01-01`],
  workdays: [],
  source: 'manual',
}));
export const allYears = [...officialYears, ...standIns];

export { dayAfter } from '../../testkit/dates';

/** Activities over memory: persisted events collected; the calendar is the real activity code over given years. */
export function memoryActivities(years: CalendarYear[] = allYears) {
  const streams = new Map<string, BatchEvent[]>();
  const activities: Activities = {
    async persistEvents({ batchId, events }) {
      const list = streams.get(batchId) ?? [];
      for (const e of events) if (!list.some((x) => x.seq === e.seq)) list.push(e);
      streams.set(batchId, list);
      return { applied: events.length };
    },
    ...calendarActivitiesOver(async (wanted) => years.filter((y) => wanted.includes(y.year))),
  };
  return { activities, streams, events: (stream: string) => streams.get(stream) ?? [] };
}

/**
 * The activities with a calendar that has no year for a public-notice window longer than `workingDays` (an extension):
 * the lookup fails with CALENDAR_NOT_PUBLISHED whatever the test server's date.
 */
export function withoutYearsForLongerWindows(activities: Activities, workingDays: number): Activities {
  const none = calendarActivitiesOver(async () => []);
  return {
    ...activities,
    publicityWindow: (args) => (args.workingDays > workingDays ? none : activities).publicityWindow(args),
  };
}
