/**
 * History events of a selection batch as it grows (summed over its runs: a long batch continues as new): drives a batch of N candidates through vetting (7 check
 * records each), one meeting, the public notice and appointment on the time-skipping server with in-memory
 * activities (the event count does not depend on what the activities do), and counts its history.
 *
 *   npx tsx bench/history-events.ts [N ...]      default: 2 10 100
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import type { temporal } from '@temporalio/proto';
import type { SelectionBatchInput } from '../domain/selection';
import { integerArg, parseCli } from '../runtime/cli';

const { positionals } = parseCli({
  usage: `usage: npx tsx bench/history-events.ts [N ...]
  N   candidates in a batch: one batch of each size (default: 2 10 100)`,
  allowPositionals: true,
});
const sizes = positionals.map((n) => integerArg('N', n, { min: 1, max: 10_000 }));

// Loaded once the arguments are good: a mistyped option answers at once.
const { DefaultLogger, Runtime, Worker } = await import('@temporalio/worker');
const { startBatchSchema } = await import('../domain/batch');
const { defaultRuleset } = await import('../domain/ruleset');
const { workflowBundle } = await import('../runtime/worker');
const m = await import('../workflows/selection-batch.messages');
const { memoryActivities } = await import('../test/helpers/memory-activities');
const { testDataConverter, timeSkippingEnv } = await import('../test/helpers/temporal-env');
const { allChecks, crowdPlan, dayAfter, fiveMembers, officer, unanimousMeeting } = await import('../testkit');

Runtime.install({ logger: new DefaultLogger('WARN') });

function plan(id: string, n: number): SelectionBatchInput {
  const body = crowdPlan(id, n, { perPosition: 50, seats: 50, members: fiveMembers, orgUnit: 'HQ' });
  return {
    plan: { ...startBatchSchema.parse(body), id },
    ruleset: defaultRuleset,
    startedBy: { id: 'bench', role: 'ORG_OFFICER' },
  };
}

async function measure(n: number) {
  const [env, bundle] = await Promise.all([timeSkippingEnv(), workflowBundle()]);
  try {
    const mem = memoryActivities();
    const taskQueue = `bench-${randomUUID()}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: bundle,
      activities: mem.activities,
      dataConverter: testDataConverter(),
    });
    return await worker.runUntil(async () => {
      const id = `bench-${n}-${randomUUID().slice(0, 6)}`;
      const handle = await env.client.workflow.start('selectionBatch', {
        workflowId: `batch-${id}`,
        taskQueue,
        args: [plan(id, n)],
      });
      const people = Array.from({ length: n }, (_, i) => `c${i}`);
      for (const [i, personId] of people.entries()) {
        for (const check of allChecks(personId, 'b1'))
          await handle.executeUpdate(m.recordCheckUpdate, { args: [check] });
        if ((i + 1) % 10 === 0 || i + 1 === n) process.stdout.write(`\r  N=${n}: vetted ${i + 1}/${n}`);
      }
      await handle.executeUpdate(m.recordDecisionUpdate, { args: [unanimousMeeting('meeting-1', people)] });
      for (;;) {
        const s = await handle.query(m.stateQuery);
        if (s.stage === 'PUBLICITY') break;
        await new Promise((r) => setTimeout(r, 50));
      }
      await env.sleep('14 days');
      const { publicity } = await handle.query(m.stateQuery);
      const noticeDate = dayAfter(publicity!.endsOn);
      for (const [i, personId] of people.entries()) {
        await handle.executeUpdate(m.appointUpdate, {
          args: [{ personId, documentNo: `doc-${personId}`, noticeDate, actor: officer }],
        });
        if ((i + 1) % 10 === 0 || i + 1 === n) process.stdout.write(`\r  N=${n}: appointed ${i + 1}/${n}   `);
      }
      await handle.result();
      // A long batch continues as new: its history is the sum of its runs'. describe() and the first event of each
      // run, not fetchHistory(): a long history is larger than a gRPC message may be.
      let events = 0;
      let longestRun = 0;
      let runs = 0;
      for (let runId: string | null | undefined = (await handle.describe()).runId; runId; runs++) {
        const { historyLength } = await env.client.workflow.getHandle(handle.workflowId, runId).describe();
        events += historyLength;
        longestRun = Math.max(longestRun, historyLength);
        const page: temporal.api.workflowservice.v1.IGetWorkflowExecutionHistoryResponse =
          await env.client.workflowService.getWorkflowExecutionHistory({
            namespace: env.client.options.namespace,
            execution: { workflowId: handle.workflowId, runId },
            maximumPageSize: 1,
          });
        runId = page.history?.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId;
      }
      process.stdout.write(`\n  N=${n}: ${events} events in ${runs} run(s), the longest ${longestRun}\n`);
      return { events, runs, longestRun };
    });
  } finally {
    await env.teardown();
  }
}

const results = [];
for (const n of sizes.length > 0 ? sizes : [2, 10, 100]) {
  const { events, runs, longestRun } = await measure(n);
  results.push({
    candidates: n,
    events,
    runs,
    perCandidate: Number((events / n).toFixed(1)),
    // Temporal's cap (51,200 events) applies to each run.
    longestRunOfLimit: `${((longestRun / 51_200) * 100).toFixed(1)}%`,
  });
}
console.table(results);
mkdirSync('bench/results', { recursive: true });
writeFileSync(
  'bench/results/history-events.json',
  `${JSON.stringify({ measuredAt: new Date().toISOString(), results }, null, 2)}\n`,
);
