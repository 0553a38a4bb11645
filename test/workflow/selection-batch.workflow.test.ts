import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundle } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { createActivities } from '../../activities';
import { startBatchSchema } from '../../domain/batch';
import type { BatchEvent } from '../../domain/events';
import { defaultRuleset } from '../../domain/ruleset';
import type { SelectionBatchInput } from '../../domain/selection';
import { workflowBundle } from '../../runtime/worker';
import { stateQuery } from '../../workflows/selection-batch.messages';
import { batchBody } from '../helpers/stack';
import { timeSkippingEnv } from '../helpers/temporal-env';

type Activities = ReturnType<typeof createActivities>;

let env: TestWorkflowEnvironment;
let bundle: WorkflowBundle;
beforeAll(async () => {
  [env, bundle] = await Promise.all([timeSkippingEnv(), workflowBundle()]);
});
afterAll(async () => {
  await env?.teardown();
});

function input(id: string): SelectionBatchInput {
  return {
    plan: { ...startBatchSchema.parse(batchBody(id)), id },
    ruleset: defaultRuleset,
    startedBy: { id: 'officer', role: 'ORG_OFFICER' },
  };
}

async function withWorker<T>(activities: Partial<Activities>, fn: (taskQueue: string) => Promise<T>) {
  const taskQueue = `wf-${randomUUID()}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: bundle,
    activities,
  });
  return worker.runUntil(fn(taskQueue));
}

describe('selectionBatch workflow', () => {
  test('when started, it persists BATCH_STARTED as event 1 and answers the state query', async () => {
    const persisted: BatchEvent[] = [];
    const activities: Partial<Activities> = {
      async persistEvents({ events }) {
        persisted.push(...events);
        return { applied: events.length };
      },
    };
    await withWorker(activities, async (taskQueue) => {
      const handle = await env.client.workflow.start('selectionBatch', {
        workflowId: `batch-${randomUUID()}`,
        taskQueue,
        args: [input('wf-1')],
      });
      const state = await handle.query(stateQuery);
      expect(state).toMatchObject({ id: 'wf-1', stage: 'INSPECTING' });
      await expect.poll(() => persisted.map((e) => [e.seq, e.type])).toEqual([[1, 'BATCH_STARTED']]);
      await handle.terminate();
    });
  });
});
