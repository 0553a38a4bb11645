/**
 * Rule corrections made while batches were running (issue 13 §5), each a `patched()` id. A batch that started before
 * a correction replays and goes on as it began; one that starts after gets the corrected rule. The workflow reads
 * each once at its start and hands the answer to the pure domain functions (domain/selection.ts CommandContext).
 */

/** A meeting may not be dated after today nor before its candidates' last vetting step (or deferring meeting). */
export const MEETING_DATES_BOUNDED = 'meeting-dates-bounded';

/** 暂缓 follows every unresolved objection of a candidate, and its expiry is watched per actual date. */
export const SUSPENSION_FROM_OPEN_OBJECTIONS = 'suspension-from-open-objections';

/** A rank candidate whose eligibility depends on last year's assessment, not yet recorded, awaits it. */
export const AWAITING_ASSESSMENT = 'awaiting-assessment';

/** A rank batch runs as a selection batch does: it continues as new, and refuses an unpublished year's extension. */
export const RANK_ON_BATCH_ENGINE = 'rank-on-batch-engine';
