import { addDays } from '../calendar';
import type { CommandContext } from './messages';
import { refuse, type Refusal } from './refusal';

/** The calendar date in Asia/Shanghai (UTC+8, no daylight saving) of an instant. */
export function shanghaiDate(instant: string): string {
  return new Date(new Date(instant).getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/**
 * Same day of month N months later in the Asia/Shanghai calendar (clamped to the month's last day), same time of
 * day; ISO instant in, ISO instant out. Shanghai has no daylight saving, so a fixed +8 h shift is exact.
 */
export function addMonths(instant: string, months: number): string {
  const SHIFT = 8 * 3600_000;
  const d = new Date(Date.parse(instant) + SHIFT);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const shifted = Date.UTC(
    year,
    month,
    Math.min(d.getUTCDate(), lastDay),
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
    d.getUTCMilliseconds(),
  );
  return new Date(shifted - SHIFT).toISOString();
}

/** The day a candidate was ready for a meeting: their last step before it, or the meeting that deferred them. */
export function readySince(
  lastStepAt: string | undefined,
  deferredOn: string | undefined,
): { readyOn?: { date: string; after: 'vetting' | 'meeting' } } {
  const vetted = lastStepAt === undefined ? undefined : shanghaiDate(lastStepAt);
  if (deferredOn !== undefined && (vetted === undefined || deferredOn >= vetted))
    return { readyOn: { date: deferredOn, after: 'meeting' } };
  return vetted === undefined ? {} : { readyOn: { date: vetted, after: 'vetting' } };
}

/**
 * [DESIGN] `ruleset.appointmentMaxDaysAhead`: an appointment notice (a rank approval) dated more than that many days
 * after today is refused. A batch whose stored ruleset has no such setting (started before it) has no upper bound.
 */
export function tooFarAhead(
  state: { ruleset: { appointmentMaxDaysAhead?: number } },
  ctx: CommandContext,
  date: string,
  code: string,
  path: string,
): Refusal | undefined {
  const days = state.ruleset.appointmentMaxDaysAhead;
  if (days === undefined) return undefined;
  const latest = addDays(shanghaiDate(ctx.now), days);
  if (date <= latest) return undefined;
  return refuse(code, `${path} ${date} is more than ${days} days after today`, [
    { path, message: `must be on or before ${latest} (${days} days after today)` },
  ]);
}
