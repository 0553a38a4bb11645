import { z } from 'zod';
import { instant, isoDate, nullableText } from './common';
import { named } from './view';

export const workingDaysSchema = named(
  'WorkingDays',
  z.object({
    from: isoDate,
    days: z.int(),
    end: isoDate,
    endsAt: z.iso.datetime().describe('24:00 Asia/Shanghai of the end date'),
    counted: z.array(isoDate),
    skipped: z.array(z.object({ date: isoDate, reason: z.enum(['weekend', 'holiday']) })),
  }),
);

export const calendarYearEntrySchema = z.looseObject({
  year: z.int(),
  documentRef: nullableText,
  source: z.string(),
  loadedBy: z.string(),
  loadedAt: instant,
});

export const calendarYearsSchema = named('CalendarYears', z.object({ items: z.array(calendarYearEntrySchema) }));

export const calendarYearLoadedSchema = named(
  'CalendarYearLoaded',
  z.object({
    year: z.int(),
    source: z.string(),
    documentRef: nullableText,
    holidays: z.array(isoDate),
    workdays: z.array(isoDate),
    resumedBatches: z.array(z.string()).describe('batches that waited for this year and were resumed'),
  }),
);
