import { problems } from './problem';

/**
 * ruleset.timerScale shortens every legal period (条例 art. 42's 5 working days, the year of probation) to seconds.
 * Only a deployment switched to it (ALLOW_SCALED_TIMERS: tests, drills, the demo) accepts it. Checked on the raw body
 * before the schema, so that a body holding nothing but the ruleset tells a caller (seed:demo) whether the switch is
 * on without starting anything.
 */
export function refuseScaledTimers(body: unknown, allowed: boolean | undefined) {
  if (allowed) return;
  const ruleset = (body as { ruleset?: unknown } | undefined)?.ruleset;
  const timerScale =
    typeof ruleset === 'object' && ruleset !== null ? (ruleset as { timerScale?: unknown }).timerScale : undefined;
  if (timerScale === undefined || timerScale === 1) return;
  throw problems.rule(
    'ruleset.timer_scale_disabled',
    'ruleset.timerScale would shorten the legal periods (公示, 试用期) of a real batch: this deployment refuses it; ' +
      'only tests, drills and demos run with ALLOW_SCALED_TIMERS=true',
    [{ path: 'ruleset.timerScale', message: 'only 1 (real time) is accepted here' }],
  );
}
