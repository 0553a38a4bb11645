import type { ActivityOptions } from '@temporalio/workflow';

/** Writes to PostgreSQL: idempotent, so retried without limit; an outage delays the batch, never loses a fact. */
export const persistence: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    nonRetryableErrorTypes: ['ValidationError'],
  },
  summary: 'persist events to PostgreSQL',
};

/** Working-day arithmetic over the calendar in PostgreSQL; a missing year is not retried, the batch waits instead. */
export const calendar: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    nonRetryableErrorTypes: ['CALENDAR_NOT_PUBLISHED', 'publicity.too_short', 'calendar.invalid_input'],
  },
  summary: 'working-day calendar',
};
