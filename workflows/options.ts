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
};
