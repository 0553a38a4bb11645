import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DataConverter } from '@temporalio/common';
import { bundleWorkflowCode, Worker, type NativeConnection, type WorkflowBundle } from '@temporalio/worker';
import { createActivities } from '../activities';
import type { Db } from '../db/client';
import { activityInterceptors } from './activity-interceptors';

const here = dirname(fileURLToPath(import.meta.url));
export const workflowsPath = join(here, '..', 'workflows', 'index.ts');
/** Log attributes and domain counters inside the sandbox; bundled with the workflows. */
export const workflowInterceptorsPath = join(here, 'workflow-interceptors.ts');

let bundle: Promise<WorkflowBundle> | undefined;
/** Bundled once per process: webpack takes seconds, and every worker of the process runs the same code. */
export function workflowBundle() {
  bundle ??= bundleWorkflowCode({
    workflowsPath,
    workflowInterceptorModules: [workflowInterceptorsPath],
    logger: quietBundlerLogger,
  });
  return bundle;
}

const noop = () => {};
const quietBundlerLogger = { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: console.error };

export async function createWorker({
  connection,
  namespace,
  taskQueue,
  db,
  dataConverter,
  maxCachedWorkflows = 500,
}: {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  db: Db;
  /** runtime/payload-codec.ts temporalDataConverter: the worker decrypts what clients encrypted, and encrypts back. */
  dataConverter: DataConverter;
  maxCachedWorkflows?: number;
}) {
  return Worker.create({
    connection,
    namespace,
    taskQueue,
    workflowBundle: await workflowBundle(),
    activities: createActivities({ db }),
    dataConverter,
    interceptors: { activity: [activityInterceptors] },
    shutdownGraceTime: '5 seconds',
    // A batch mostly waits on long timers; keeping every one in memory cost ~1.3 MB each (bench/worker-memory.ts).
    // Evicted batches are replayed from history on their next task.
    maxCachedWorkflows,
  });
}
