// A drill for a running cluster: one selection batch from its start to CLOSED, every request sent to the next API
// process in turn, the way a careful client works (an Idempotency-Key on every POST, the same key again after a 503
// or no answer), the public notice on a scaled timer. Then the batch's history tells which worker processes ran its
// workflow tasks and activities. `npm run cluster -- --drill`; the fault tests run it too.
import type { Client } from '@temporalio/client';
import type { Actor } from '../../domain/roles';
import { batchWorkflowId } from '../../domain/selection';
import { BatchDriver, httpClient, threeSeatPlan, today } from '../../testkit';

export interface DrillOptions {
  apiUrls: string[];
  token(actor: Actor): Promise<string>;
  batchId?: string;
  /** ruleset.timerScale: 1e-5 makes the 5-working-day notice last seconds (the APIs need ALLOW_SCALED_TIMERS). */
  timerScale?: number;
  /** How long one step may keep retrying (a worker or the database away). */
  stepTimeoutMs?: number;
  log?(line: string): void;
}

export interface DrillReport {
  batchId: string;
  stage: string;
  seconds: number;
  /** Requests answered by each API process (index = API). */
  requestsByApi: number[];
  /** Commands sent again with the same Idempotency-Key after a 503 or no answer. */
  retries: number;
}

export async function drillBatch(options: DrillOptions): Promise<DrillReport> {
  const { apiUrls, token, timerScale = 1e-5, stepTimeoutMs = 240_000, log = () => {} } = options;
  const batchId = options.batchId ?? `drill-${Date.now().toString(36)}`;
  const started = Date.now();
  const requestsByApi = apiUrls.map(() => 0);
  const http = httpClient({
    urls: apiUrls,
    token,
    timeoutMs: 30_000,
    onReply: (reply) => {
      if (reply.status !== 0) requestsByApi[reply.api]!++;
    },
  });
  const plan = threeSeatPlan(batchId, { title: '集群演练批次', year: Number(today().slice(0, 4)), timerScale });
  const driver = new BatchDriver(http, batchId, { plan, stepTimeoutMs, log });
  const closed = await driver.runToClosed();
  return {
    batchId,
    stage: closed.stage,
    seconds: (Date.now() - started) / 1000,
    requestsByApi,
    retries: driver.retries,
  };
}

/**
 * `batches` drills at once. A batch's workflow tasks stay on the worker that took its first one (sticky queue), so
 * several batches are what spreads the work over the workers.
 */
export function drillBatches({
  batches,
  log,
  ...options
}: Omit<DrillOptions, 'batchId'> & { batches: number }): Promise<DrillReport[]> {
  const stamp = Date.now().toString(36);
  return Promise.all(
    Array.from({ length: batches }, (_, i) =>
      drillBatch({
        ...options,
        batchId: `drill-${stamp}-${i + 1}`,
        ...(log ? { log: (line: string) => log(`#${i + 1} ${line}`) } : {}),
      }),
    ),
  );
}

/**
 * Who ran a batch's workflow tasks and activities: the worker process's name (its identity when no process of
 * `workers` matches: the SDK's identity is `pid@host`) → what it started.
 */
export async function workersOfBatch(
  client: Client,
  batchId: string,
  workers: readonly { name: string; pid: number | undefined }[],
) {
  const history = await client.workflow.getHandle(batchWorkflowId(batchId)).fetchHistory();
  const nameOf = (identity: string) =>
    workers.find((w) => w.pid !== undefined && identity.startsWith(`${w.pid}@`))?.name ?? identity;
  const byWorker = new Map<string, { workflowTasks: number; activities: number }>();
  const count = (identity: string | null | undefined, key: 'workflowTasks' | 'activities') => {
    if (!identity) return;
    const name = nameOf(identity);
    const entry = byWorker.get(name) ?? { workflowTasks: 0, activities: 0 };
    entry[key]++;
    byWorker.set(name, entry);
  };
  for (const event of history.events ?? []) {
    count(event.workflowTaskStartedEventAttributes?.identity, 'workflowTasks');
    count(event.activityTaskStartedEventAttributes?.identity, 'activities');
  }
  return byWorker;
}
