/**
 * Drives finished workflows on the time-skipping test server (activities in memory) and saves their histories to
 * test/fixtures/histories/<name>.json, which test/workflow/replay.test.ts replays against the current workflow code.
 *
 * Regenerate after a deliberate, versioned change to workflows/:  npx tsx scripts/save-histories.ts
 * Payloads are encrypted with the tests' fixed key (test/helpers/temporal-env.ts testPayloadKeys).
 * Save only some (a history added for a new patch, the others kept as they were recorded, which is what the replay
 * test is for):  npx tsx scripts/save-histories.ts selection-batch-suspended rank-promotion-awaiting-assessment
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WorkflowHandle } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundle } from '@temporalio/worker';
import type { createActivities } from '../activities';
import type { RankBatchBody } from '../domain/rank-promotion';
import { shanghaiDate, type SelectionBatchInput } from '../domain/selection';
import { parseCli } from '../runtime/cli';
import type { RankPromotionRunInput } from '../workflows/rank-promotion';

const { positionals: only } = parseCli({
  usage: `usage: npx tsx scripts/save-histories.ts [NAME ...]
Drives finished workflows on the time-skipping test server and overwrites test/fixtures/histories/*.json (or only the
NAMEs given), which test/workflow/replay.test.ts replays: only after a deliberate, versioned change to workflows/.`,
  allowPositionals: true,
});

// Loaded once the arguments are good: a mistyped option answers at once, and overwrites nothing.
const { default: proto } = await import('@temporalio/proto');
const { patchProtobufRoot } = await import('@temporalio/proto/lib/patch-protobuf-root');
const { DefaultLogger, Runtime, Worker } = await import('@temporalio/worker');
const { startBatchSchema } = await import('../domain/batch');
const { defaultRuleset } = await import('../domain/ruleset');
const { workflowBundle } = await import('../runtime/worker');
const { probationOutcomeUpdate } = await import('../workflows/probation.messages');
const m = await import('../workflows/selection-batch.messages');
const { batchBody } = await import('../test/helpers/stack');
const { rankBatchBody, rankMeeting } = await import('../test/helpers/rank-fixtures');
const { rankBatchSchema, rankRulesetSchema } = await import('../domain/rank-promotion');
const rank = await import('../workflows/rank-promotion.messages');
const { dayAfter, memoryActivities, withoutYearsForLongerWindows } = await import('../test/helpers/memory-activities');
const { testDataConverter, timeSkippingEnv } = await import('../test/helpers/temporal-env');
const { allChecks, discipline, head, officer, rankApproval, secretary, unanimousMeeting } =
  await import('../test/helpers/workflow-actors');

const outDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'fixtures', 'histories');

Runtime.install({ logger: new DefaultLogger('WARN') });

/** History names given on the command line; none: every history. */
const wanted = (...names: string[]) => only.length === 0 || names.some((n) => only.includes(n));

type Activities = ReturnType<typeof createActivities>;

// historyToJSON() from @temporalio/common/lib/proto-utils does exactly this, but fails here with "type must be a
// Type": npm could not hoist protobufjs 8 (grpc's proto-loader holds protobufjs 7 at the root), so @temporalio/common
// and @temporalio/proto each have their own copy and protojson's instanceof check fails across them. Using the
// protojson of the copy @temporalio/proto was built with gives the same proto3 JSON (what `temporal workflow show
// --output json` writes).
const fromProto = createRequire(createRequire(import.meta.url).resolve('@temporalio/proto'));
const { toJson } = fromProto('protobufjs/ext/protojson') as { toJson: (type: unknown, message: unknown) => unknown };
const historyType: unknown = (
  patchProtobufRoot(proto) as unknown as { lookupType: (name: string) => unknown }
).lookupType('temporal.api.history.v1.History');
const historyToJSON = (history: temporal.api.history.v1.IHistory) =>
  JSON.stringify(toJson(historyType, proto.temporal.api.history.v1.History.fromObject(history)), null, 2);

const input = (id: string, overrides: Record<string, unknown>): SelectionBatchInput => ({
  plan: { ...startBatchSchema.parse(batchBody(id, overrides)), id },
  ruleset: defaultRuleset,
  startedBy: { id: 'officer', role: 'ORG_OFFICER' },
});

const drillRuleset = { ...defaultRuleset, timerScale: 0.00001 };

async function poll<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function save(name: string, handle: WorkflowHandle) {
  const history = await handle.fetchHistory();
  writeFileSync(join(outDir, `${name}.json`), `${historyToJSON(history)}\n`);
  console.log(`${name}.json: ${history.events?.length ?? 0} events`);
}

async function main() {
  mkdirSync(outDir, { recursive: true });
  const [env, bundle]: [TestWorkflowEnvironment, WorkflowBundle] = await Promise.all([
    timeSkippingEnv(),
    workflowBundle(),
  ]);
  try {
    const withWorker = async <T>(activities: Activities, taskQueue: string, fn: () => Promise<T>) => {
      const worker = await Worker.create({
        connection: env.nativeConnection,
        taskQueue,
        workflowBundle: bundle,
        activities,
        dataConverter: testDataConverter(),
      });
      return worker.runUntil(fn());
    };
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
    // The server's clock runs ahead of ours once a scenario has slept: a meeting is held on the server's today.
    const serverToday = async () => shanghaiDate(new Date(await env.currentTimeMs()).toISOString());
    const vet = async (handle: WorkflowHandle, personId: string, branchId: string) => {
      for (const check of allChecks(personId, branchId))
        await handle.executeUpdate(m.recordCheckUpdate, { args: [check] });
    };
    const startRank = (
      taskQueue: string,
      id: string,
      overrides: Partial<RankBatchBody> = {},
      extra: Partial<RankPromotionRunInput> = {},
    ) => {
      const { ruleset: _r, asOf, ...plan } = rankBatchSchema.parse(rankBatchBody(overrides));
      return env.client.workflow.start('rankPromotionBatch', {
        workflowId: `batch-${id}`,
        taskQueue,
        args: [
          {
            plan: { ...plan, id, asOf: asOf! },
            ruleset: rankRulesetSchema.parse({}),
            startedBy: { id: 'officer-li', role: 'ORG_OFFICER' },
            ...extra,
          },
        ],
      });
    };
    const vetRank = async (handle: WorkflowHandle, personId: string) => {
      await handle.executeUpdate(rank.recordEvaluationUpdate, {
        args: [
          { personId, method: 'EVALUATION', heldOn: '2026-11-02', participants: 40, favourable: 36, actor: officer },
        ],
      });
      for (const [kind, actor] of [
        ['INSPECTION', officer],
        ['ARCHIVE_AUDIT', officer],
        ['DISCIPLINE_OPINION', discipline],
      ] as const)
        await handle.executeUpdate(rank.rankCheckUpdate, {
          args: [{ personId, kind, result: 'clear', actor } as never],
        });
    };
    const rankStage = (handle: WorkflowHandle, stage: string) =>
      poll(
        async () => (await handle.query(rank.rankStateQuery)).stage,
        (s) => s === stage,
        stage,
      );
    /** r1 and r2 vetted and approved by a unanimous meeting held today: the 公示 opens. */
    const rankToPublicity = async (handle: WorkflowHandle) => {
      for (const personId of ['r1', 'r2']) await vetRank(handle, personId);
      await handle.executeUpdate(rank.recordDecisionUpdate, {
        args: [{ ...rankMeeting('mt-1', ['r1', 'r2'], { heldOn: await serverToday() }), actor: secretary }],
      });
      await rankStage(handle, 'PUBLICITY');
    };
    const approveRank = async (handle: WorkflowHandle, personIds: string[]) => {
      const state = await handle.query(rank.rankStateQuery);
      const approvedOn = dayAfter(state.publicity!.endsOn);
      for (const personId of personIds)
        await handle.executeUpdate(rank.approveRankUpdate, { args: [rankApproval(personId, approvedOn)] });
    };
    const expectResult = async (handle: WorkflowHandle, expected: unknown) => {
      const result: unknown = await handle.result();
      if (JSON.stringify(result) !== JSON.stringify(expected))
        throw new Error(`${handle.workflowId}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(result)}`);
    };

    // A long history, made short: with a 60-event limit the batch continues as new during vetting; it then waits
    // out its public notice and is cancelled (no probation is left running in this test server). The first run and
    // the last one are saved (the carried state is in the last one's input).
    await withWorker(memoryActivities().activities, 'histories-continued', async () => {
      if (!wanted('selection-batch-continued-first', 'selection-batch-continued-last')) return;
      const handle = await start('histories-continued', 'continued', {}, { continueAsNewAfterEvents: 60 });
      await vet(handle, 'c1', 'b1');
      await vet(handle, 'c2', 'b2');
      await handle.executeUpdate(m.recordDecisionUpdate, {
        args: [unanimousMeeting('meeting-1', ['c1', 'c2'], await serverToday())],
      });
      await poll(
        () => handle.query(m.stateQuery),
        (s) => s.stage === 'PUBLICITY',
        'PUBLICITY',
      );
      await env.sleep('14 days');
      await poll(
        () => handle.query(m.stateQuery),
        (s) => s.stage === 'APPOINTING',
        'APPOINTING',
      );
      await handle.executeUpdate(m.cancelUpdate, { args: [{ reason: '机构改革', actor: head }] });
      await expectResult(handle, { stage: 'CANCELLED' });
      await save('selection-batch-continued-last', handle);
      await save(
        'selection-batch-continued-first',
        env.client.workflow.getHandle(handle.workflowId, handle.firstExecutionRunId),
      );
    });

    // The whole procedure: vetting, decision, public notice, appointment; then the first candidate's probation.
    await withWorker(memoryActivities().activities, 'histories-appointed', async () => {
      if (!wanted('selection-batch-appointed', 'probation-confirmed')) return;
      const id = 'appointed';
      const handle = await start('histories-appointed', id);
      await vet(handle, 'c1', 'b1');
      await vet(handle, 'c2', 'b2');
      await handle.executeUpdate(m.recordDecisionUpdate, {
        args: [unanimousMeeting('meeting-1', ['c1', 'c2'], await serverToday())],
      });
      await poll(
        () => handle.query(m.stateQuery),
        (s) => s.stage === 'PUBLICITY',
        'PUBLICITY',
      );
      await env.sleep('14 days');
      const ready = await handle.query(m.stateQuery);
      if (ready.stage !== 'APPOINTING' || !ready.publicity) throw new Error(`expected APPOINTING, got ${ready.stage}`);
      const noticeDate = dayAfter(ready.publicity.endsOn);
      for (const personId of ['c1', 'c2'])
        await handle.executeUpdate(m.appointUpdate, {
          args: [{ personId, documentNo: `局党组〔2026〕${personId}号`, noticeDate, actor: officer }],
        });
      await expectResult(handle, { stage: 'CLOSED' });
      await save('selection-batch-appointed', handle);

      const probation = env.client.workflow.getHandle(`probation-${id}-c1`);
      await env.sleep('400 days');
      await probation.executeUpdate(probationOutcomeUpdate, {
        args: [{ outcome: 'CONFIRMED', decidedOn: '2027-12-21', actor: head }],
      });
      await expectResult(probation, { outcome: 'CONFIRMED' });
      await save('probation-confirmed', probation);
    });

    // One candidate, vetoed by the discipline opinion: no one is left, so the batch closes.
    await withWorker(memoryActivities().activities, 'histories-vetoed', async () => {
      if (!wanted('selection-batch-vetoed')) return;
      const handle = await start('histories-vetoed', 'vetoed', {
        candidates: [{ personId: 'c1', name: '王一', branchId: 'b1', positionId: 'p1' }],
      });
      await handle.executeUpdate(m.recordCheckUpdate, {
        args: [
          { personId: 'c1', kind: 'DISCIPLINE_OPINION', result: 'affects_use', reason: '立案审查', actor: discipline },
        ],
      });
      await expectResult(handle, { stage: 'CLOSED' });
      await save('selection-batch-vetoed', handle);
    });

    // An invalid signal (a discipline opinion from the officer) is rejected, then the head cancels the batch.
    const cancelled = memoryActivities();
    await withWorker(cancelled.activities, 'histories-cancelled', async () => {
      if (!wanted('selection-batch-cancelled')) return;
      const handle = await start('histories-cancelled', 'cancelled');
      await handle.signal(m.disciplineOpinionSignal, { personId: 'c1', result: 'clear', actor: officer });
      await poll(
        async () => cancelled.events('cancelled').map((e) => e.type),
        (types) => types.includes('SIGNAL_REJECTED'),
        'SIGNAL_REJECTED',
      );
      await handle.executeUpdate(m.cancelUpdate, { args: [{ reason: '机构改革', actor: head }] });
      await expectResult(handle, { stage: 'CANCELLED' });
      await save('selection-batch-cancelled', handle);
    });

    // A rank-promotion batch: evaluation and checks for two eligible candidates (a third is ineligible), a unanimous
    // meeting, the public notice, then approval by the competent authority.
    await withWorker(memoryActivities().activities, 'histories-rank', async () => {
      if (!wanted('rank-promotion-approved')) return;
      const handle = await startRank('histories-rank', 'rank-approved');
      await rankToPublicity(handle);
      await env.sleep('14 days');
      await approveRank(handle, ['r1', 'r2']);
      await expectResult(handle, { stage: 'CLOSED' });
      await save('rank-promotion-approved', handle);
    });

    // Patch rank-on-batch-engine: a rank batch with a 60-event limit continues as new during vetting, waits out its
    // 公示 and is approved. The first run and the last one are saved (the carried state is in the last one's input).
    await withWorker(memoryActivities().activities, 'histories-rank-continued', async () => {
      if (!wanted('rank-promotion-continued-first', 'rank-promotion-continued-last')) return;
      const handle = await startRank(
        'histories-rank-continued',
        'rank-continued',
        {},
        { continueAsNewAfterEvents: 60 },
      );
      await rankToPublicity(handle);
      await env.sleep('14 days');
      await rankStage(handle, 'APPOINTING');
      await approveRank(handle, ['r1', 'r2']);
      await expectResult(handle, { stage: 'CLOSED' });
      await save('rank-promotion-continued-last', handle);
      await save(
        'rank-promotion-continued-first',
        env.client.workflow.getHandle(handle.workflowId, handle.firstExecutionRunId),
      );
    });

    // Patch rank-on-batch-engine: an extension of the 公示 whose calendar year is not loaded (here: any longer window
    // finds no year) is refused at once; the window stays, and the batch is then cancelled.
    const extensionRefused = withoutYearsForLongerWindows(memoryActivities().activities, 5);
    await withWorker(extensionRefused, 'histories-rank-extension', async () => {
      if (!wanted('rank-promotion-extension-refused')) return;
      const handle = await startRank('histories-rank-extension', 'rank-extension');
      await rankToPublicity(handle);
      const refused = await handle
        .executeUpdate(rank.extendPublicityUpdate, { args: [{ workingDays: 60, reason: '延长公示', actor: officer }] })
        .then(
          () => 'accepted',
          (err: unknown) => String((err as { cause?: { type?: string } }).cause?.type),
        );
      if (refused !== 'calendar.not_published') throw new Error(`rank-extension: expected a refusal, got ${refused}`);
      await handle.executeUpdate(rank.cancelUpdate, { args: [{ reason: '机构改革', actor: head }] });
      await expectResult(handle, { stage: 'CANCELLED' });
      await save('rank-promotion-extension-refused', handle);
    });

    // Patch suspension-from-open-objections: objections A and B on c1; A 暂缓, then cleared while B is open; B 暂缓.
    // The expiry is notified at B's end only; then the batch is cancelled.
    const suspended = memoryActivities();
    await withWorker(suspended.activities, 'histories-suspended', async () => {
      if (!wanted('selection-batch-suspended')) return;
      const handle = await start('histories-suspended', 'suspended');
      await vet(handle, 'c1', 'b1');
      await vet(handle, 'c2', 'b2');
      await handle.executeUpdate(m.recordDecisionUpdate, {
        args: [unanimousMeeting('meeting-1', ['c1', 'c2'], await serverToday())],
      });
      await poll(
        () => handle.query(m.stateQuery),
        (s) => s.stage === 'PUBLICITY',
        'PUBLICITY',
      );
      for (const objectionId of ['obj-a', 'obj-b'])
        await handle.executeUpdate(m.fileObjectionUpdate, {
          args: [{ objectionId, personId: 'c1', content: '反映问题', actor: officer }],
        });
      const resolve = (objectionId: string, resolution: 'unverifiable' | 'unfounded') =>
        handle.executeUpdate(m.resolveObjectionUpdate, {
          args: [{ objectionId, resolution, note: '核查情况', actor: head }],
        });
      await resolve('obj-a', 'unverifiable');
      await env.sleep('20 days');
      await resolve('obj-a', 'unfounded');
      await env.sleep('20 days');
      await resolve('obj-b', 'unverifiable');
      await env.sleep('100 days');
      const expired = async () =>
        suspended.events('suspended').some((e) => (e.payload as { kind?: string }).kind === 'SUSPENSION_EXPIRED');
      await poll(expired, (notified) => notified, 'SUSPENSION_EXPIRED');
      await handle.executeUpdate(m.cancelUpdate, { args: [{ reason: '机构改革', actor: head }] });
      await expectResult(handle, { stage: 'CANCELLED' });
      await save('selection-batch-suspended', handle);
    });

    // Patches awaiting-assessment and meeting-dates-bounded, ruleset deferIfDivergent: a January rank batch whose
    // candidates await the 2026 assessment (recorded by update and by signal), a meeting held today that approves r1
    // and defers r3 (2 同意 / 2 不同意 / 1 缓议), then the batch is cancelled.
    await withWorker(memoryActivities().activities, 'histories-rank-awaiting', async () => {
      if (!wanted('rank-promotion-awaiting-assessment')) return;
      const handle = await startRank('histories-rank-awaiting', 'rank-awaiting', { asOf: '2027-01-20' });
      await handle.executeUpdate(rank.recordAssessmentUpdate, {
        args: [{ personId: 'r1', year: 2026, grade: '称职', actor: officer }],
      });
      await handle.signal(rank.assessmentResultSignal, { personId: 'r2', year: 2026, grade: '不称职', actor: officer });
      await handle.executeUpdate(rank.recordAssessmentUpdate, {
        args: [{ personId: 'r3', year: 2026, grade: '称职', actor: officer }],
      });
      for (const personId of ['r1', 'r3']) await vetRank(handle, personId);
      await poll(
        async () => (await handle.query(rank.rankStateQuery)).stage,
        (stage) => stage === 'DECIDING',
        'DECIDING',
      );
      const votes = { r3: { m2: 'AGREE', m3: 'DISAGREE', m4: 'DISAGREE', m5: 'DEFER', m1: 'AGREE' } } as const;
      await handle.executeUpdate(rank.recordDecisionUpdate, {
        args: [{ ...rankMeeting('mt-1', ['r1', 'r3'], { votes, heldOn: await serverToday() }), actor: secretary }],
      });
      const states = (await handle.query(rank.rankStateQuery)).candidates.map((c) => c.state).join(',');
      if (states !== 'APPROVED,INELIGIBLE,DEFERRED') throw new Error(`rank-awaiting: unexpected states ${states}`);
      await handle.executeUpdate(rank.cancelUpdate, { args: [{ reason: '机构改革', actor: head }] });
      await expectResult(handle, { stage: 'CANCELLED' });
      await save('rank-promotion-awaiting-assessment', handle);
    });

    // The same procedure on scaled timers (a drill): the patched commands that mark such a batch are in its history
    // (its BATCH_STARTED event and the summary of the probation it starts).
    await withWorker(memoryActivities().activities, 'histories-scaled', async () => {
      if (!wanted('selection-batch-appointed-scaled')) return;
      const handle = await start('histories-scaled', 'appointed-scaled', {}, { ruleset: drillRuleset });
      await vet(handle, 'c1', 'b1');
      await vet(handle, 'c2', 'b2');
      await handle.executeUpdate(m.recordDecisionUpdate, { args: [unanimousMeeting('meeting-1', ['c1', 'c2'])] });
      const ready = await poll(
        () => handle.query(m.stateQuery),
        (s) => s.stage === 'APPOINTING',
        'APPOINTING',
      );
      const noticeDate = dayAfter(ready.publicity!.endsOn);
      for (const personId of ['c1', 'c2'])
        await handle.executeUpdate(m.appointUpdate, {
          args: [{ personId, documentNo: `演练〔2026〕${personId}号`, noticeDate, actor: officer }],
        });
      await expectResult(handle, { stage: 'CLOSED' });
      await save('selection-batch-appointed-scaled', handle);
    });
  } finally {
    await env.teardown();
  }
}

await main();
