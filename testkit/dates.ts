import { shanghaiDate } from '../domain/selection';

/** Today in Asia/Shanghai: a meeting may not be dated after it, nor before the vetting it follows. */
export const today = () => shanghaiDate(new Date().toISOString());

/** The day after an ISO date (YYYY-MM-DD). */
export const dayAfter = (date: string) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** The first day an appointment (or approval) may be dated: the day after the public notice ends. */
export const noticeDateAfter = (detail: { publicity: { endsOn: string }[] }) => dayAfter(detail.publicity[0]!.endsOn);
