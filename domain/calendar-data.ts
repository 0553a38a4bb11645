import chineseDays from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import type { CalendarYear, IsoDate } from './calendar';

/**
 * Official schedules shipped by the npm package `chinese-days`, read from its raw data file.
 *
 * Not for workflow code (seeds and activities only). The package's own functions treat a year it has no data for
 * as a plain Monday–Friday calendar, so they cannot tell whether a year is covered; its raw data can.
 */

interface ChineseDaysData {
  holidays: Record<IsoDate, string>;
  workdays: Record<IsoDate, string>;
}

const data: ChineseDaysData = chineseDays;

/** Document numbers the package does not carry (2025: from the package's own notes; 2026: domain.md §4). */
const documentRefs: Readonly<Record<number, string>> = {
  2025: '国办发明电〔2024〕12号',
  2026: '国办发明电〔2025〕7号',
};

function yearOf(date: IsoDate): number {
  return Number(date.slice(0, 4));
}

/**
 * Years with an official schedule. 元旦 (1 January) is a day off in every schedule, so its presence marks a year as
 * covered; a year that only shows up through a neighbour's late-December days (e.g. 2018-12-29, made a working day
 * by the 2019 schedule) is not.
 */
export function publishedYearsInChineseDays(): number[] {
  const years = new Set<number>();
  for (const date of Object.keys(data.holidays)) {
    if (date.endsWith('-01-01')) years.add(yearOf(date));
  }
  return [...years].sort((a, b) => a - b);
}

/** The requested years that have official data, in ascending order; the others are left out, never guessed. */
export function officialYearsFromChineseDays(years: number[]): CalendarYear[] {
  const published = new Set(publishedYearsInChineseDays());
  const wanted = [...new Set(years)].filter((year) => published.has(year)).sort((a, b) => a - b);
  const datesIn = (record: Record<IsoDate, string>, year: number): IsoDate[] =>
    Object.keys(record)
      .filter((date) => yearOf(date) === year)
      .sort();
  return wanted.map((year) => {
    const documentRef = documentRefs[year];
    return {
      year,
      ...(documentRef === undefined ? {} : { documentRef }),
      holidays: datesIn(data.holidays, year),
      workdays: datesIn(data.workdays, year),
      source: 'chinese-days',
    };
  });
}
