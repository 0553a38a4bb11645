import { patched } from '@temporalio/workflow';
import { scaledTimers, type ScaledTimers } from '../domain/ruleset';

/**
 * Since this patch a batch whose timers are scaled (tests, drills, demos) says so in its first audit event
 * (BATCH_STARTED) and in the summary of each probation it starts. Batches begun before replay their old commands.
 * One id per place: a patch id is a marker at one point of the history.
 */
export const SCALED_TIMERS_IN_AUDIT = 'scaled-timers-in-audit';
export const SCALED_TIMERS_IN_PROBATION_SUMMARY = 'scaled-timers-in-probation-summary';

/** The BATCH_STARTED field, for a scaled batch started since the patch. */
export function scaledTimersMark(ruleset: { timerScale: number }): { scaledTimers?: ScaledTimers } {
  const scaled = scaledTimers(ruleset);
  // Only scaled batches take the patch: a batch at real time records no marker at all.
  return scaled && patched(SCALED_TIMERS_IN_AUDIT) ? { scaledTimers: scaled } : {};
}

/** A line of the workflow's current details (not part of the history: no patch needed). */
export function scaledTimersLine(ruleset: { timerScale: number }): string[] {
  const scaled = scaledTimers(ruleset);
  return scaled ? [`⚠ ${scaled.message}`] : [];
}
