// Bundled into the workflow sandbox (runtime/worker.ts, workflowInterceptorModules): deterministic code only, no
// Node built-ins, no I/O. It observes and never changes what a workflow does, so histories replay unchanged.
import { metricMeter, type WorkflowInterceptorsFactory } from '@temporalio/workflow';
import type { BatchEvent } from '../domain/events';

/** The batch a workflow belongs to: a batch's plan id, or the batch a probation was started by. */
function batchIdOf(input: unknown): string | undefined {
  const first = input as { plan?: { id?: unknown }; batchId?: unknown } | undefined;
  const id = first?.plan?.id ?? first?.batchId;
  return typeof id === 'string' ? id : undefined;
}

/**
 * Per workflow execution:
 * - every `log` line of the workflow (and the SDK's own workflow lines) carries `batchId`;
 * - domain counters on the worker's Prometheus endpoint, counted from the events the workflow hands to
 *   `persistEvents`. The workflow metric meter emits nothing while a history is replayed, so each event counts once,
 *   however often the worker restarts or the activity is retried.
 */
export const interceptors: WorkflowInterceptorsFactory = () => {
  let batchId: string | undefined;
  const started = metricMeter.createCounter('xuanren_batches_started', 'batches', 'Batches started, by batch_kind');
  const closed = metricMeter.createCounter(
    'xuanren_batches_closed',
    'batches',
    'Batches closed, by outcome (CLOSED or CANCELLED)',
  );
  const overdue = metricMeter.createCounter(
    'xuanren_opinions_overdue',
    'escalations',
    'Escalations of vetting opinions past their deadline (OPINION_OVERDUE notices)',
  );
  const objections = metricMeter.createCounter('xuanren_objections_filed', 'objections', 'Objections filed');

  function count(events: readonly BatchEvent[]) {
    for (const { type, payload } of events) {
      const p = (payload ?? {}) as { kind?: unknown; to?: unknown };
      if (type === 'BATCH_STARTED') started.add(1, { batch_kind: String(p.kind ?? 'UNKNOWN') });
      else if (type === 'STAGE_CHANGED' && (p.to === 'CLOSED' || p.to === 'CANCELLED'))
        closed.add(1, { outcome: p.to });
      else if (type === 'NOTIFICATION' && p.kind === 'OPINION_OVERDUE') overdue.add(1);
      else if (type === 'OBJECTION_FILED') objections.add(1);
    }
  }

  return {
    inbound: [
      {
        execute(input, next) {
          batchId = batchIdOf(input.args[0]);
          return next(input);
        },
      },
    ],
    outbound: [
      {
        getLogAttributes(input, next) {
          return next(batchId === undefined ? input : { ...input, batchId });
        },
        scheduleActivity(input, next) {
          const args = input.args[0] as { events?: BatchEvent[]; stream?: string } | undefined;
          if (input.activityType === 'persistEvents' && args?.stream !== 'probation' && args?.events)
            count(args.events);
          return next(input);
        },
      },
    ],
  };
};
