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
   * 暂缓表决 [REG 条例 (2019), 讨论决定: 意见分歧较大 … 应当暂缓表决], which the regulation does not quantify. With
   * `true` (default) an item that is not approved is DEFERRED unless more than half of the ballots cast are 不同意
   * (3 同意 / 3 不同意 / 1 缓议 of 7: DEFERRED); with `false` only a majority of 缓议 defers it (same votes: REJECTED).
   * Absent in a batch started before this setting existed: `false`, as it then behaved.
   */
  deferIfDivergent: z.boolean().default(true),
  /**
   * [DESIGN] the appointment notice date (rank promotion: the approval date) may lie at most this many calendar days
   * after today (Asia/Shanghai); it is never before the public notice ends. Default 30. Absent in a batch started
   * before this setting existed: no upper bound, as it then behaved.
   */
  appointmentMaxDaysAhead: z.number().int().min(0).max(365).default(30),
  /**
   * Test and drill runs only: scales every durable timer (1 = real time). Lets fault tests run a public notice
   * in seconds against real servers; a production batch never sets it.
   */
  timerScale: z.number().positive().max(1).default(1),
});

export type Ruleset = z.output<typeof rulesetSchema>;

/** Settings added while batches were running: a batch started before them has them absent in its stored ruleset. */
export type RulesetFieldsAddedLater = 'deferIfDivergent' | 'appointmentMaxDaysAhead';
/** A ruleset as a batch keeps it: each setting added later may be absent, which means the behaviour before it. */
export type StoredRuleset = Omit<Ruleset, RulesetFieldsAddedLater> & Partial<Pick<Ruleset, RulesetFieldsAddedLater>>;
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
