import { asc, eq, inArray } from 'drizzle-orm';
import { isValidIsoDate, type CalendarYear, type IsoDate } from '../domain/calendar';
import { calendarYearEntrySchema } from '../domain/views/calendar';
import { asView } from '../domain/views/view';
import type { Db } from './client';
import { batchesTable, calendarYearsTable } from './schema';

type CalendarYearRow = typeof calendarYearsTable.$inferSelect;

function toCalendarYear(row: CalendarYearRow): CalendarYear {
  return {
    year: row.year,
    ...(row.documentRef === null ? {} : { documentRef: row.documentRef }),
    holidays: row.holidays,
    workdays: row.workdays,
    source: row.source as CalendarYear['source'],
  };
}

/**
 * The years a walk of `days` working days forward from `from` can touch. A year has well over 200 working days, so
 * this over-covers; a year that is not loaded is simply absent and the domain then names it.
 */
export function yearsForWalk(from: IsoDate, days: number): number[] {
  if (!isValidIsoDate(from) || !Number.isSafeInteger(days)) return [];
  const first = Number(from.slice(0, 4));
  const span = 2 + Math.floor(Math.min(Math.max(days, 0), 3660) / 200);
  return Array.from({ length: span + 1 }, (_, i) => first + i);
}

export function createCalendarRepository({ db }: { db: Db }) {
  return {
    /** The requested years that are loaded; a missing year is left out (the domain then fails loudly). */
    async years(list: number[]): Promise<CalendarYear[]> {
      if (list.length === 0) return [];
      const rows = await db
        .select()
        .from(calendarYearsTable)
        .where(inArray(calendarYearsTable.year, [...new Set(list)]))
        .orderBy(asc(calendarYearsTable.year));
      return rows.map(toCalendarYear);
    },

    async all() {
      const rows = await db
        .select({
          year: calendarYearsTable.year,
          documentRef: calendarYearsTable.documentRef,
          source: calendarYearsTable.source,
          loadedBy: calendarYearsTable.loadedBy,
          loadedAt: calendarYearsTable.loadedAt,
        })
        .from(calendarYearsTable)
        .orderBy(asc(calendarYearsTable.year));
      return rows.map(asView(calendarYearEntrySchema));
    },

    /** Loads or replaces a year's schedule. */
    async upsert(year: CalendarYear, loadedBy: string): Promise<void> {
      const values = {
        documentRef: year.documentRef ?? null,
        source: year.source,
        holidays: year.holidays,
        workdays: year.workdays,
        loadedBy,
        loadedAt: new Date(),
      };
      await db
        .insert(calendarYearsTable)
        .values({ year: year.year, ...values })
        .onConflictDoUpdate({ target: calendarYearsTable.year, set: values });
    },

    async batchesWaitingFor(year: number): Promise<{ id: string; workflowId: string }[]> {
      return db
        .select({ id: batchesTable.id, workflowId: batchesTable.workflowId })
        .from(batchesTable)
        .where(eq(batchesTable.waitingForCalendarYear, year))
        .orderBy(asc(batchesTable.id));
    },
  };
}

export type CalendarRepository = ReturnType<typeof createCalendarRepository>;
