import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundle } from '@temporalio/worker';
import { afterEach, beforeAll, beforeEach, expect } from 'vitest';
import type { createActivities } from '../../activities';
import { calendarActivitiesOver } from '../../activities/calendar';
import { startBatchSchema } from '../../domain/batch';
import type { CalendarYear } from '../../domain/calendar';
import { officialYearsFromChineseDays, publishedYearsInChineseDays } from '../../domain/calendar-data';
import type { BatchEvent } from '../../domain/events';
import { defaultRuleset } from '../../domain/ruleset';
import type { SelectionBatchInput } from '../../domain/selection';
import { workflowBundle } from '../../runtime/worker';
import * as m from '../../workflows/selection-batch.messages';
import { batchBody } from './stack';
import { timeSkippingEnv } from './temporal-env';
import { allChecks } from './workflow-actors';

type Activities = ReturnType<typeof createActivities>;

// The time-skipping server's clock is shared by a file's tests and can run years ahead; beyond the official data,
// stand-in years (weekends and New Year's Day off) keep the calendar from blocking tests that are not about it.
const officialYears = officialYearsFromChineseDays(publishedYearsInChineseDays());
const standIns: CalendarYear[] = Array.from({ length: 74 }, (_, i) => 2027 + i).map((year) => ({
  year,
  holidays: [`${year}-01-01`],
  workdays: [],
  source: 'manual',
}));
export const allYears = [...officialYears, ...standIns];

export const dayAfter = (date: string) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** Activities over memory: persisted events collected; the calendar is the real activity code over given years. */
export function memoryActivities(years: CalendarYear[] = allYears) {
  const streams = new Map<string, BatchEvent[]>();
  const activities: Activities = {
    async persistEvents({ batchId, events }) {
      const list = streams.get(batchId) ?? [];
      for (const e of events) if (!list.some((x) => x.seq === e.seq)) list.push(e);
      streams.set(batchId, list);
      return { applied: events.length };
    },
    ...calendarActivitiesOver(async (wanted) => years.filter((y) => wanted.includes(y.year))),
  };
  return { activities, streams, events: (stream: string) => streams.get(stream) ?? [] };
}

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

  const start = (taskQueue: string, id: string, overrides: Record<string, unknown> = {}) =>
    env.client.workflow.start('selectionBatch', { workflowId: `batch-${id}`, taskQueue, args: [input(id, overrides)] });
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
      });
      return worker.runUntil(fn(taskQueue));
    },
    start,
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
