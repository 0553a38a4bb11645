import type { Context } from '@temporalio/activity';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import type { BatchEvent } from '../domain/events';
import { batchWorkflowId } from '../domain/selection';

const batchPrefix = batchWorkflowId('');

function batchIdOf(ctx: Context, input: unknown): string | undefined {
  const batchId = (input as { batchId?: unknown } | undefined)?.batchId;
  if (typeof batchId === 'string') return batchId;
  // A batch's own workflow (selection or rank promotion) is `batch-<id>`.
  const workflowId = ctx.info.workflowExecution?.workflowId;
  return workflowId?.startsWith(batchPrefix) ? workflowId.slice(batchPrefix.length) : undefined;
}

/**
 * Every log line of an activity (the SDK's own "Activity failed" included) carries `batchId` next to the SDK's
 * workflowId / activityType / attempt; and each persisted group of events is logged once, by type only (payloads
 * hold names, which stay out of logs).
 */
export const activityInterceptors: ActivityInterceptorsFactory = (ctx) => {
  let batchId = batchIdOf(ctx, undefined);
  return {
    inbound: {
      async execute(input, next) {
        batchId = batchIdOf(ctx, input.args[0]);
        const result = await next(input);
        if (ctx.info.activityType === 'persistEvents') {
          const { events = [], stream = 'batch' } = input.args[0] as { events?: BatchEvent[]; stream?: string };
          ctx.log.info('events persisted', {
            stream,
            seq: events.map((e) => e.seq),
            types: events.map((e) => e.type),
            applied: (result as { applied?: number } | undefined)?.applied,
          });
        }
        return result;
      },
    },
    outbound: {
      getLogAttributes(input, next) {
        return next(batchId === undefined ? input : { ...input, batchId });
      },
    },
  };
};
