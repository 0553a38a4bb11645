import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundle } from '@temporalio/worker';
import { afterEach, beforeAll, beforeEach, expect } from 'vitest';
import type { createActivities } from '../../activities';
import { startBatchSchema } from '../../domain/batch';
import { defaultRuleset } from '../../domain/ruleset';
import type { SelectionBatchInput } from '../../domain/selection';
import { workflowBundle } from '../../runtime/worker';
import * as m from '../../workflows/selection-batch.messages';
import { batchBody } from './stack';
import { testDataConverter, timeSkippingEnv } from './temporal-env';
import { allChecks } from './workflow-actors';

export { allYears, dayAfter, memoryActivities } from './memory-activities';

type Activities = ReturnType<typeof createActivities>;

/**
 * One workflow bundle per file; a time-skipping server of its own for each test (its clock jumps ahead whenever a
 * test waits, so tests sharing one would see each other's years go by), and a fresh worker and task queue.
 */
export function workflowHarness() {
  let env: TestWorkflowEnvironment;
  let bundle: WorkflowBundle;
  beforeAll(async () => {
    bundle = await workflowBundle();
  });
  beforeEach(async () => {
    env = await timeSkippingEnv();
  });
  afterEach(async () => {
    await env?.teardown();
  });

  const input = (id: string, overrides: Record<string, unknown>): SelectionBatchInput => ({
    plan: { ...startBatchSchema.parse(batchBody(id, overrides)), id },
    ruleset: defaultRuleset,
    startedBy: { id: 'officer', role: 'ORG_OFFICER' },
  });

  const start = (
    taskQueue: string,
    id: string,
    overrides: Record<string, unknown> = {},
    extra: Partial<SelectionBatchInput> = {},
  ) =>
    env.client.workflow.start('selectionBatch', {
      workflowId: `batch-${id}`,
      taskQueue,
      args: [{ ...input(id, overrides), ...extra }],
    });
  return {
    get env() {
      return env;
    },
    async withWorker<T>(activities: Activities, fn: (taskQueue: string) => Promise<T>) {
      const taskQueue = `wf-${randomUUID()}`;
      const worker = await Worker.create({
        connection: env.nativeConnection,
        taskQueue,
        workflowBundle: bundle,
        activities,
        dataConverter: testDataConverter(),
      });
      return worker.runUntil(fn(taskQueue));
    },
    start,
    /** How many runs the workflow's chain has (each continue-as-new starts one), counted back from its latest. */
    async runs(workflowId: string) {
      const latest = await env.client.workflow.getHandle(workflowId).describe();
      let runs = 0;
      for (let runId: string | null | undefined = latest.runId; runId; runs++) {
        const history = await env.client.workflow.getHandle(workflowId, runId).fetchHistory();
        runId = history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId;
      }
      return runs;
    },
    async vet(handle: Awaited<ReturnType<typeof start>>, personId: string, branchId: string) {
      for (const check of allChecks(personId, branchId))
        await handle.executeUpdate(m.recordCheckUpdate, { args: [check] });
    },
  };
}

/** The rule code an update was refused with (the failure's type), or undefined when it was accepted. */
export async function refusalType(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (err) {
    expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
    const cause = (err as WorkflowUpdateFailedError).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    return (cause as ApplicationFailure).type ?? undefined;
  }
}
