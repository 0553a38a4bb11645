import { officialYearsFromChineseDays, publishedYearsInChineseDays } from '../domain/calendar-data';
import type { Db } from './client';
import { calendarYearsTable } from './schema';

/**
 * Loads every year the `chinese-days` package has official data for. A year already present is left alone: it may
 * be a manual correction entered through PUT /calendar/years/:year. Idempotent and safe to run concurrently.
 */
export async function seedOfficialCalendar(db: Db): Promise<{ inserted: number[] }> {
  const years = officialYearsFromChineseDays(publishedYearsInChineseDays());
  if (years.length === 0) return { inserted: [] };
  const loadedAt = new Date();
  const rows = await db
    .insert(calendarYearsTable)
    .values(
      years.map((year) => ({
        year: year.year,
        documentRef: year.documentRef ?? null,
        source: year.source,
        holidays: year.holidays,
        workdays: year.workdays,
        loadedBy: 'system',
        loadedAt,
      })),
    )
    .onConflictDoNothing({ target: calendarYearsTable.year })
    .returning({ year: calendarYearsTable.year });
  return { inserted: rows.map((r) => r.year).sort((a, b) => a - b) };
}
