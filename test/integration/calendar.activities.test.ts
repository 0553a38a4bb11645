import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { createCalendarActivities } from '../../activities/calendar';
import { createCalendarRepository } from '../../db/calendar.repository';
import { seedOfficialCalendar } from '../../db/calendar-seed';
import { connectDatabase, type Database } from '../../db/client';

let database: Database;
let activities: ReturnType<typeof createCalendarActivities>;

beforeAll(async () => {
  database = connectDatabase(inject('databaseUrl'), { max: 2 });
  await seedOfficialCalendar(database.db);
  activities = createCalendarActivities({ db: database.db });
});
afterAll(async () => {
  await database?.close();
});

async function failureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApplicationFailure);
  return error as ApplicationFailure;
}

describe('calendar activities', () => {
  describe('publicityWindow', () => {
    test('when the notice starts on 2026-09-30 for 5 working days, it ends at 24:00 on 10-13 (10-10 Saturday works)', async () => {
      const window = await activities.publicityWindow({ startsOn: '2026-09-30', workingDays: 5 });
      expect(window).toEqual({
        startsOn: '2026-09-30',
        workingDays: 5,
        endsOn: '2026-10-13',
        endsAt: '2026-10-13T16:00:00.000Z',
        counted: ['2026-10-08', '2026-10-09', '2026-10-10', '2026-10-12', '2026-10-13'],
      });
    });

    test('when the year has no official schedule, a non-retryable CALENDAR_NOT_PUBLISHED failure names it', async () => {
      const failure = await failureOf(activities.publicityWindow({ startsOn: '2091-06-01', workingDays: 5 }));
      expect(failure.type).toBe('CALENDAR_NOT_PUBLISHED');
      expect(failure.nonRetryable).toBe(true);
      expect(failure.details).toEqual([{ year: 2091 }]);
    });

    test('when the window runs into the next year and that year is missing, the failure names the next year', async () => {
      await createCalendarRepository({ db: database.db }).upsert(
        { year: 2092, holidays: ['2092-01-01'], workdays: [], source: 'manual' },
        'tester',
      );
      const failure = await failureOf(activities.publicityWindow({ startsOn: '2092-12-26', workingDays: 5 }));
      expect(failure.type).toBe('CALENDAR_NOT_PUBLISHED');
      expect(failure.details).toEqual([{ year: 2093 }]);
    });

    test('when fewer than 5 working days are asked, a non-retryable publicity.too_short failure', async () => {
      const failure = await failureOf(activities.publicityWindow({ startsOn: '2026-09-30', workingDays: 4 }));
      expect(failure.type).toBe('publicity.too_short');
      expect(failure.nonRetryable).toBe(true);
    });
  });

  describe('addWorkingDays', () => {
    test('when counting 5 working days from 2026-02-13, the 2-14 make-up Saturday counts and the end is 02-27', async () => {
      const result = await activities.addWorkingDays({ from: '2026-02-13', days: 5 });
      expect(result).toEqual({
        end: '2026-02-27',
        endsAt: '2026-02-27T16:00:00.000Z',
        startAt: '2026-02-26T16:00:00.000Z',
      });
    });

    test('when the date is not a date, a non-retryable calendar.invalid_input failure', async () => {
      const failure = await failureOf(activities.addWorkingDays({ from: '2026-02-30', days: 5 }));
      expect(failure.type).toBe('calendar.invalid_input');
      expect(failure.nonRetryable).toBe(true);
    });

    test('when a year is missing, CALENDAR_NOT_PUBLISHED', async () => {
      const failure = await failureOf(activities.addWorkingDays({ from: '2091-03-01', days: 10 }));
      expect(failure.type).toBe('CALENDAR_NOT_PUBLISHED');
    });
  });
});
