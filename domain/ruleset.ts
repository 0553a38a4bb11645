import { z } from 'zod';

/**
 * The [DESIGN] points of domain.md, as settings. A batch stores the ruleset it started with and keeps it
 * for its whole life, so changing a default never changes a running batch.
 */
export const rulesetSchema = z.strictObject({
  version: z.literal(1).default(1),
  /** Opinion deadline after the request, in working days (no regulation sets one). */
  opinionDeadlineWorkingDays: z.number().int().min(1).max(60).default(5),
  reminderWorkingDaysBefore: z.number().int().min(0).max(30).default(2),
  escalationRepeatWorkingDays: z.number().int().min(1).max(30).default(3),
  /** 条例 art. 42: at least 5 working days; a batch may choose longer, never shorter. */
  publicityWorkingDays: z.number().int().min(5).max(60).default(5),
  /** 中组发〔2000〕18号: suspension (暂缓) lasts at most 3 months. */
  suspensionMonths: z.number().int().min(1).max(3).default(3),
  probationMonths: z.literal(12).default(12),
  /** A recused member counts as absent for the item's quorum, and still in `members` for approval. */
  recusedCountsAsAbsent: z.boolean().default(true),
  appointmentTalkReminderWorkingDays: z.number().int().min(1).max(60).default(10),
  /**
   * Test and drill runs only: scales every durable timer (1 = real time). Lets fault tests run a public notice
   * in seconds against real servers; a production batch never sets it.
   */
  timerScale: z.number().positive().max(1).default(1),
});

export type Ruleset = z.output<typeof rulesetSchema>;
export const defaultRuleset: Ruleset = rulesetSchema.parse({});

/** How a batch whose timers ran faster than real time (tests, drills, demos) says so. */
export interface ScaledTimers {
  timerScale: number;
  message: string;
}

/** Null at real time; otherwise what the detail, the audit trail and the Temporal UI show. */
export function scaledTimers(ruleset: { timerScale?: unknown } | null | undefined): ScaledTimers | null {
  const timerScale = ruleset?.timerScale;
  if (typeof timerScale !== 'number' || timerScale >= 1) return null;
  return {
    timerScale,
    message:
      `timers scaled ×${timerScale} (test or drill): the public notice, the probation and every deadline ran ` +
      `${Math.round(1 / timerScale)} times shorter than recorded; left out of the annual report`,
  };
}

/** Put before a workflow's summary in the Temporal UI. */
export function scaledSummaryPrefix(ruleset: { timerScale?: unknown }): string {
  const scaled = scaledTimers(ruleset);
  return scaled ? `[计时缩短 ×${scaled.timerScale} · 测试/演练] ` : '';
}
