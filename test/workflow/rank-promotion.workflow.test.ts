import { randomUUID } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import {
  rankBatchSchema,
  rankRulesetSchema,
  type RankBatchBody,
  type RankBatchStartedPayload,
  type RankPromotionBatchInput,
  type RankRuleset,
} from '../../domain/rank-promotion';
import type { Actor } from '../../domain/roles';
import type { RankPromotionRunInput } from '../../workflows/rank-promotion';
import * as m from '../../workflows/rank-promotion.messages';
import { rankBatchBody, rankMeeting } from '../helpers/rank-fixtures';
import { withoutYearsForLongerWindows } from '../helpers/memory-activities';
import { dayAfter, memoryActivities, refusalType, workflowHarness } from '../helpers/workflow-harness';
import { discipline, head, officer, rankApproval, secretary } from '../helpers/workflow-actors';

const h = workflowHarness();

function input(id: string, body: RankBatchBody, ruleset: Partial<RankRuleset> = {}): RankPromotionBatchInput {
  const { ruleset: _r, asOf, ...plan } = rankBatchSchema.parse(body);
  return {
    plan: { ...plan, id, asOf: asOf! },
    ruleset: rankRulesetSchema.parse(ruleset),
    startedBy: { id: 'officer-li', role: 'ORG_OFFICER' },
  };
}

const start = (
  taskQueue: string,
  id: string,
  body = rankBatchBody(),
  ruleset: Partial<RankRuleset> = {},
  extra: Partial<RankPromotionRunInput> = {},
) =>
  h.env.client.workflow.start('rankPromotionBatch', {
    workflowId: `batch-${id}`,
    taskQueue,
    args: [{ ...input(id, body, ruleset), ...extra }],
  });
type Handle = Awaited<ReturnType<typeof start>>;

const steps = (personId: string): (Record<string, unknown> & { actor: Actor })[] => [
  { personId, kind: 'INSPECTION', result: 'clear', actor: officer },
  { personId, kind: 'ARCHIVE_AUDIT', result: 'clear', actor: officer },
  { personId, kind: 'DISCIPLINE_OPINION', result: 'clear', actor: discipline },
];
const evaluation = (personId: string) => ({
  personId,
  method: 'EVALUATION' as const,
  heldOn: '2026-11-02',
  participants: 40,
  favourable: 36,
  actor: officer,
});

async function vet(handle: Handle, personId: string) {
  await handle.executeUpdate(m.recordEvaluationUpdate, { args: [evaluation(personId)] });
  for (const check of steps(personId)) await handle.executeUpdate(m.rankCheckUpdate, { args: [check as never] });
}

/** r1 and r2 vetted and approved by a unanimous meeting: the 公示 opens. */
async function toPublicity(handle: Handle) {
  await vet(handle, 'r1');
  await vet(handle, 'r2');
  expect((await handle.query(m.rankStateQuery)).stage).toBe('DECIDING');
  await handle.executeUpdate(m.recordDecisionUpdate, {
    args: [{ ...rankMeeting('mt-1', ['r1', 'r2']), actor: secretary }],
  });
  await expect.poll(async () => (await handle.query(m.rankStateQuery)).stage).toBe('PUBLICITY');
}

describe('rankPromotionBatch workflow', () => {
  test('when driven from eligibility through vetting, decision, 公示 and approval, it closes with the rank changes recorded', async () => {
    const mem = memoryActivities();
    await h.withWorker(mem.activities, async (taskQueue) => {
      const id = `rank-${randomUUID().slice(0, 6)}`;
      const handle = await start(taskQueue, id);
      let state = await handle.query(m.rankStateQuery);
      expect(state.candidates.map((c) => [c.personId, c.state])).toEqual([
        ['r1', 'UNDER_INSPECTION'],
        ['r2', 'UNDER_INSPECTION'],
        ['r3', 'INELIGIBLE'],
      ]);

      // No ad-hoc items: nothing can be decided before vetting.
      expect(
        await refusalType(
          handle.executeUpdate(m.recordDecisionUpdate, {
            args: [{ ...rankMeeting('mt-0', ['r1']), actor: secretary }],
          }),
        ),
      ).toBe('vetting.incomplete');
      await toPublicity(handle);
      state = await handle.query(m.rankStateQuery);
      expect(state.publicity?.workingDays).toBe(5);
      expect(
        await refusalType(
          handle.executeUpdate(m.approveRankUpdate, {
            args: [{ personId: 'r1', approved: true, documentNo: 'X', approvedOn: '2099-01-01', actor: head }],
          }),
        ),
      ).toBe('candidate.wrong_state');

      await h.env.sleep('14 days');
      state = await handle.query(m.rankStateQuery);
      expect(state.stage).toBe('APPOINTING');
      const approvedOn = dayAfter(state.publicity!.endsOn);
      expect(
        await refusalType(
          handle.executeUpdate(m.approveRankUpdate, {
            args: [{ personId: 'r1', approved: true, documentNo: 'X', approvedOn, actor: officer }],
          }),
        ),
      ).toBe('role.forbidden');
      for (const personId of ['r1', 'r2'])
        await handle.executeUpdate(m.approveRankUpdate, { args: [rankApproval(personId, approvedOn)] });
      expect(await handle.result()).toEqual({ stage: 'CLOSED' });

      const events = mem.events(id);
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
      const started = events[0]!.payload as RankBatchStartedPayload;
      expect(started.kind).toBe('RANK_PROMOTION');
      expect(started.eligibility.map((e) => [e.personId, e.eligible])).toEqual([
        ['r1', true],
        ['r2', true],
        ['r3', false],
      ]);
      expect(started.eligibility[2]?.trace.steps.join('\n')).toContain('required 18 months');
      const changes = events.filter((e) => e.type === 'RANK_APPROVED').map((e) => e.payload);
      expect(changes).toEqual([
        expect.objectContaining({ personId: 'r1', fromRank: '四级主任科员', toRank: '三级主任科员', approvedOn }),
        expect.objectContaining({ personId: 'r2', fromRank: '一级科员', toRank: '四级主任科员', approvedOn }),
      ]);
      const decision = events.find((e) => e.type === 'DECISION_RECORDED')!.payload as {
        outcomes: { personId: string; recused: string[] }[];
      };
      expect(decision.outcomes.find((o) => o.personId === 'r2')?.recused).toEqual(['m5']);
      expect((await handle.query(m.rankStateQuery)).candidates.map((c) => c.state)).toEqual([
        'PROMOTED',
        'PROMOTED',
        'INELIGIBLE',
      ]);
    });
  });

  test('when driven by signals, a refused one is recorded as rejected and a redelivered one applies once', async () => {
    const mem = memoryActivities();
    await h.withWorker(mem.activities, async (taskQueue) => {
      const id = `rsig-${randomUUID().slice(0, 6)}`;
      const handle = await start(taskQueue, id, rankBatchBody(), { simplifiedInspection: true });
      await handle.signal(m.evaluationResultSignal, { ...evaluation('r1'), actor: discipline });
      await handle.signal(m.evaluationResultSignal, { ...evaluation('r1'), requestId: 'e1' });
      await handle.signal(m.evaluationResultSignal, { ...evaluation('r1'), requestId: 'e1' });
      await handle.signal(m.rankDisciplineOpinionSignal, { personId: 'r1', result: 'clear', actor: discipline });
      await handle.signal(m.rankVettingResultSignal, {
        personId: 'r1',
        kind: 'ARCHIVE_AUDIT',
        result: 'clear',
        actor: officer,
      });
      await expect
        .poll(() => mem.events(id).map((e) => [e.type, e.rejected ?? false]))
        .toEqual([
          ['BATCH_STARTED', false],
          ['SIGNAL_REJECTED', true],
          ['EVALUATION_RECORDED', false],
          ['CHECK_RECORDED', false],
          ['CHECK_RECORDED', false],
        ]);
      const state = await handle.query(m.rankStateQuery);
      expect(state.candidates[0]?.state).toBe('VETTED');
      await handle.executeUpdate(m.cancelUpdate, { args: [{ reason: '机构改革', actor: head }] });
      expect(await handle.result()).toEqual({ stage: 'CANCELLED' });
    });
  });

  test("when a January batch starts, its candidates await last year's assessment, and recording it decides their eligibility", async () => {
    const mem = memoryActivities();
    await h.withWorker(mem.activities, async (taskQueue) => {
      const id = `rjan-${randomUUID().slice(0, 6)}`;
      const handle = await start(taskQueue, id, { ...rankBatchBody(), asOf: '2027-01-20' });
      let state = await handle.query(m.rankStateQuery);
      expect(state.candidates.map((c) => [c.personId, c.state, c.awaitingAssessment?.year])).toEqual([
        ['r1', 'AWAITING_ASSESSMENT', 2026],
        ['r2', 'AWAITING_ASSESSMENT', 2026],
        ['r3', 'AWAITING_ASSESSMENT', 2026],
      ]);
      expect(state.waitingFor).toContain('awaiting the 2026 annual assessment');
      await expect.poll(() => mem.events(id).length).toBeGreaterThan(0);
      const started = mem.events(id)[0]!.payload as RankBatchStartedPayload;
      expect(started.eligibility.map((e) => e.awaitingAssessment)).toEqual([2026, 2026, 2026]);

      const assessment = (personId: string, grade: '称职' | '不称职', year = 2026) => ({
        personId,
        year,
        grade,
        actor: officer,
      });
      expect(
        await refusalType(handle.executeUpdate(m.recordAssessmentUpdate, { args: [assessment('r1', '称职', 2025)] })),
      ).toBe('assessment.not_awaited');
      expect(
        await refusalType(
          handle.executeUpdate(m.recordAssessmentUpdate, {
            args: [{ ...assessment('r1', '称职'), actor: discipline }],
          }),
        ),
      ).toBe('role.forbidden');
      await handle.executeUpdate(m.recordAssessmentUpdate, { args: [assessment('r1', '称职')] });
      await handle.signal(m.assessmentResultSignal, assessment('r2', '不称职'));
      await expect
        .poll(async () => (await handle.query(m.rankStateQuery)).candidates.map((c) => c.state))
        .toEqual(['UNDER_INSPECTION', 'INELIGIBLE', 'AWAITING_ASSESSMENT']);
      state = await handle.query(m.rankStateQuery);
      expect(state.candidates[0]).toMatchObject({ eligible: true });
      expect(state.candidates[0]?.awaitingAssessment).toBeUndefined();
      await expect.poll(() => mem.events(id).filter((e) => e.type === 'ASSESSMENT_RECORDED').length).toBe(2);
      await handle.terminate();
    });
  });

  test("when objection A is suspended and cleared while B is open and B is then suspended, the expiry is notified at B's end only", async () => {
    const mem = memoryActivities();
    await h.withWorker(mem.activities, async (taskQueue) => {
      const id = `rsusp-${randomUUID().slice(0, 6)}`;
      const handle = await start(taskQueue, id);
      await toPublicity(handle);
      for (const objectionId of ['obj-a', 'obj-b'])
        await handle.executeUpdate(m.fileObjectionUpdate, {
          args: [{ objectionId, personId: 'r1', content: `反映问题 ${objectionId}`, actor: officer }],
        });
      const resolve = (objectionId: string, resolution: 'unverifiable' | 'unfounded') =>
        handle.executeUpdate(m.resolveObjectionUpdate, {
          args: [{ objectionId, resolution, note: '核查情况', actor: head }],
        });
      const r1 = async () => (await handle.query(m.rankStateQuery)).candidates[0]!;
      const expiries = () =>
        mem
          .events(id)
          .filter((e) => e.type === 'NOTIFICATION' && (e.payload as { kind: string }).kind === 'SUSPENSION_EXPIRED');
      /** Real time for the worker to act on the timers the server has just fired. */
      const settle = () => new Promise((resolve) => setTimeout(resolve, 1500));

      await resolve('obj-a', 'unverifiable');
      await h.env.sleep('20 days');
      await resolve('obj-a', 'unfounded');
      expect(await r1()).toMatchObject({ state: 'ON_HOLD' });
      await h.env.sleep('20 days');
      await resolve('obj-b', 'unverifiable');
      expect(await r1()).toMatchObject({ state: 'SUSPENDED' });
      // Past A's end (about 91 days after it was suspended), before B's (about 131): nothing to notify.
      await h.env.sleep('60 days');
      await settle();
      expect(expiries()).toEqual([]);
      await h.env.sleep('40 days');
      await expect.poll(() => expiries().map((e) => (e.payload as { personId?: string }).personId)).toEqual(['r1']);
      await handle.terminate();
    });
  });

  test('when nobody is eligible, the batch closes at once with every candidate marked INELIGIBLE', async () => {
    const mem = memoryActivities();
    await h.withWorker(mem.activities, async (taskQueue) => {
      const id = `rnone-${randomUUID().slice(0, 6)}`;
      const body = rankBatchBody();
      const handle = await start(taskQueue, id, { ...body, candidates: [body.candidates[2]!], relations: [] });
      expect(await handle.result()).toEqual({ stage: 'CLOSED' });
      const types = mem.events(id).map((e) => e.type);
      expect(types).toEqual(['BATCH_STARTED', 'STAGE_CHANGED']);
    });
  });

  test('when an extension would run into a year without official data, it is refused at once and the window stays', async () => {
    const mem = memoryActivities();
    await h.withWorker(withoutYearsForLongerWindows(mem.activities, 5), async (taskQueue) => {
      const id = `rext-${randomUUID().slice(0, 6)}`;
      const handle = await start(taskQueue, id);
      await toPublicity(handle);
      const before = (await handle.query(m.rankStateQuery)).publicity;
      const refused = await refusalType(
        handle.executeUpdate(m.extendPublicityUpdate, {
          args: [{ workingDays: 60, reason: '延长公示', actor: officer }],
        }),
      );
      expect(refused).toBe('calendar.not_published');
      const after = await handle.query(m.rankStateQuery);
      expect(after.publicity).toEqual(before);
      expect(after.waitingForCalendarYear).toBeUndefined();
      await handle.terminate();
    });
  });
});

describe('rankPromotionBatch workflow, long history', () => {
  test('when its history passes the limit, the batch continues as new and closes with every event written once, in order', async () => {
    const mem = memoryActivities();
    await h.withWorker(mem.activities, async (taskQueue) => {
      const id = `rcan-${randomUUID().slice(0, 6)}`;
      const handle = await start(taskQueue, id, rankBatchBody(), {}, { continueAsNewAfterEvents: 40 });
      const firstRunId = handle.firstExecutionRunId;
      await toPublicity(handle);
      await h.env.sleep('14 days');
      const ready = await handle.query(m.rankStateQuery);
      expect(ready.stage).toBe('APPOINTING');
      const approvedOn = dayAfter(ready.publicity!.endsOn);
      for (const personId of ['r1', 'r2'])
        await handle.executeUpdate(m.approveRankUpdate, {
          args: [rankApproval(personId, approvedOn)],
        });
      expect(await handle.result()).toEqual({ stage: 'CLOSED' });

      expect((await handle.describe()).runId).not.toBe(firstRunId);
      expect(await h.runs(`batch-${id}`), 'runs in the chain').toBeGreaterThanOrEqual(3);
      // Every event written once and in order, across the runs.
      const events = mem.events(id);
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
      const types = events.map((e) => e.type);
      expect(
        ['BATCH_STARTED', 'EVALUATION_RECORDED', 'CHECK_RECORDED', 'PUBLICITY_ENDED', 'RANK_APPROVED'].map(
          (t) => types.filter((x) => x === t).length,
        ),
      ).toEqual([1, 2, 6, 1, 2]);
      expect(events.filter((e) => e.type === 'STAGE_CHANGED').at(-1)?.payload).toMatchObject({ to: 'CLOSED' });
    });
  });
});
