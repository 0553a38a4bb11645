import { randomUUID } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import type { CalendarYear } from '../../domain/calendar';
import type { BatchEvent } from '../../domain/events';
import { rankBatchSchema, rankRulesetSchema, type RankPromotionBatchInput } from '../../domain/rank-promotion';
import type { ProbationInput } from '../../domain/probation';
import * as p from '../../workflows/probation.messages';
import * as r from '../../workflows/rank-promotion.messages';
import * as m from '../../workflows/selection-batch.messages';
import { rankBatchBody } from '../helpers/rank-fixtures';
import { allYears, dayAfter, memoryActivities, workflowHarness } from '../helpers/workflow-harness';
import { discipline, head, officer, unanimousMeeting } from '../helpers/workflow-actors';

const h = workflowHarness();
const oneCandidate = { candidates: [{ personId: 'c1', name: '王一', branchId: 'b1', positionId: 'p1' }] };

/**
 * The events messages caused (channel API or SIGNAL; not the workflow's own, e.g. a calendar wait or a reminder),
 * each as type, actor with its channel and, for a refusal, its code: what the audit trail says of them.
 */
const trail = (events: BatchEvent[]) =>
  events
    .filter((e) => e.actor.channel === 'API' || e.actor.channel === 'SIGNAL')
    .map((e) => ({
      type: e.type,
      actor: e.actor,
      ...(e.rejected ? { refusal: (e.payload as { refusal: { code: string } }).refusal.code } : {}),
    }));

describe('message channels', () => {
  describe('selectionBatch', () => {
    test('when a check comes by update and another by signal, the first is recorded as the API’s, the second as declared by the signal', async () => {
      const mem = memoryActivities();
      await h.withWorker(mem.activities, async (taskQueue) => {
        const id = `chan-${randomUUID().slice(0, 6)}`;
        const handle = await h.start(taskQueue, id);
        await handle.executeUpdate(m.recordCheckUpdate, {
          args: [{ personId: 'c1', kind: 'ARCHIVE_AUDIT', result: 'clear', actor: officer }],
        });
        await handle.signal(m.disciplineOpinionSignal, { personId: 'c1', result: 'clear', actor: discipline });
        await handle.signal(m.disciplineOpinionSignal, { personId: 'c2', result: 'clear', actor: officer });
        await expect.poll(() => trail(mem.events(id)).length).toBe(3);
        expect(trail(mem.events(id))).toEqual([
          { type: 'CHECK_RECORDED', actor: { id: 'officer-li', role: 'ORG_OFFICER', channel: 'API' } },
          { type: 'CHECK_RECORDED', actor: { id: 'discipline-zhao', role: 'DISCIPLINE_GROUP', channel: 'SIGNAL' } },
          {
            type: 'SIGNAL_REJECTED',
            actor: { id: 'officer-li', role: 'ORG_OFFICER', channel: 'SIGNAL' },
            refusal: 'role.forbidden',
          },
        ]);
        await handle.terminate();
      });
    });

    test('when role-bearing signals are refused, they are rejected with channel.disabled and never applied, while updates, public objections and calendarUpdated still act', async () => {
      const years: CalendarYear[] = [];
      const mem = memoryActivities(years);
      await h.withWorker(mem.activities, async (taskQueue) => {
        const id = `refuse-${randomUUID().slice(0, 6)}`;
        const handle = await h.start(taskQueue, id, oneCandidate, { roleSignals: 'refuse' });
        await handle.signal(m.disciplineOpinionSignal, { personId: 'c1', result: 'clear', actor: discipline });
        await handle.signal(m.holdSignal, { personId: 'c1', reason: '核查', actor: discipline });
        await handle.signal(m.withdrawSignal, {
          personId: 'c1',
          reason: '本人申请',
          initiator: 'CANDIDATE',
          actor: { id: 'login-7', roles: [], personId: 'c1' },
        });
        await expect.poll(() => trail(mem.events(id)).length).toBe(3);
        expect(trail(mem.events(id))).toEqual([
          {
            type: 'SIGNAL_REJECTED',
            actor: { id: 'discipline-zhao', role: 'DISCIPLINE_GROUP', channel: 'SIGNAL' },
            refusal: 'channel.disabled',
          },
          {
            type: 'SIGNAL_REJECTED',
            actor: { id: 'discipline-zhao', role: 'DISCIPLINE_GROUP', channel: 'SIGNAL' },
            refusal: 'channel.disabled',
          },
          {
            type: 'SIGNAL_REJECTED',
            actor: { id: 'login-7', role: 'PUBLIC', channel: 'SIGNAL' },
            refusal: 'channel.disabled',
          },
        ]);
        const untouched = await handle.query(m.stateQuery);
        expect(untouched.candidates[0]).toMatchObject({ state: 'UNDER_INSPECTION' });
        expect(untouched.candidates[0]!.vetting.DISCIPLINE_OPINION).toBeUndefined();
        expect(untouched.holds).toEqual([]);

        await h.vet(handle, 'c1', 'b1');
        await handle.executeUpdate(m.recordDecisionUpdate, { args: [unanimousMeeting('meeting-1', ['c1'])] });
        await expect.poll(async () => (await handle.query(m.stateQuery)).waitingForCalendarYear).toBeGreaterThan(2000);
        years.push(...allYears);
        await handle.signal(m.calendarUpdatedSignal, {
          year: (await handle.query(m.stateQuery)).waitingForCalendarYear!,
        });
        await expect.poll(async () => (await handle.query(m.stateQuery)).stage).toBe('PUBLICITY');

        const before = trail(mem.events(id)).length;
        await handle.signal(m.objectionSignal, { personId: 'c1', content: '反映问题（公众）' });
        await handle.signal(m.objectionSignal, { personId: 'c1', content: '来电登记', actor: officer });
        await expect.poll(() => trail(mem.events(id)).length).toBe(before + 2);
        expect(trail(mem.events(id)).slice(before)).toEqual([
          { type: 'OBJECTION_FILED', actor: { id: 'public', role: 'PUBLIC', channel: 'SIGNAL' } },
          {
            type: 'SIGNAL_REJECTED',
            actor: { id: 'officer-li', role: 'ORG_OFFICER', channel: 'SIGNAL' },
            refusal: 'channel.disabled',
          },
        ]);
        const objectionId = (await handle.query(m.stateQuery)).objections[0]!.objectionId;
        await handle.executeUpdate(m.resolveObjectionUpdate, {
          args: [{ objectionId, resolution: 'unfounded', note: '经核查不属实', actor: head }],
        });

        // Its probation (a workflow of its own) refuses them too.
        await h.env.sleep('14 days');
        const noticeDate = dayAfter((await handle.query(m.stateQuery)).publicity!.endsOn);
        await handle.executeUpdate(m.appointUpdate, {
          args: [{ personId: 'c1', documentNo: '局党组〔2026〕1号', noticeDate, actor: officer }],
        });
        expect(await handle.result()).toEqual({ stage: 'CLOSED' });
        const probation = h.env.client.workflow.getHandle(`probation-${id}-c1`);
        await probation.signal(p.appointmentTalkSignal, { talkOn: noticeDate, actor: officer });
        await expect
          .poll(() => trail(mem.events(`probation:${id}:c1`)).filter((e) => e.type === 'SIGNAL_REJECTED'))
          .toEqual([
            {
              type: 'SIGNAL_REJECTED',
              actor: { id: 'officer-li', role: 'ORG_OFFICER', channel: 'SIGNAL' },
              refusal: 'channel.disabled',
            },
          ]);
        expect((await probation.query(p.probationStateQuery)).talkOn).toBeUndefined();
        await probation.terminate();
      });
    });
  });

  describe('rankPromotionBatch', () => {
    test('when role-bearing signals are refused, a signal is rejected with channel.disabled and the update still acts', async () => {
      const mem = memoryActivities();
      await h.withWorker(mem.activities, async (taskQueue) => {
        const id = `rank-chan-${randomUUID().slice(0, 6)}`;
        const { ruleset: _r, asOf, ...plan } = rankBatchSchema.parse(rankBatchBody());
        const input: RankPromotionBatchInput = {
          plan: { ...plan, id, asOf: asOf! },
          ruleset: rankRulesetSchema.parse({}),
          startedBy: { id: 'officer-li', role: 'ORG_OFFICER', channel: 'API' },
          roleSignals: 'refuse',
        };
        const handle = await h.env.client.workflow.start('rankPromotionBatch', {
          workflowId: `batch-${id}`,
          taskQueue,
          args: [input],
        });
        await handle.signal(r.rankDisciplineOpinionSignal, { personId: 'r1', result: 'clear', actor: discipline });
        await handle.executeUpdate(r.rankCheckUpdate, {
          args: [{ personId: 'r1', kind: 'DISCIPLINE_OPINION', result: 'clear', actor: discipline }],
        });
        await expect.poll(() => trail(mem.events(id)).length).toBe(3);
        expect(trail(mem.events(id))).toEqual([
          { type: 'BATCH_STARTED', actor: { id: 'officer-li', role: 'ORG_OFFICER', channel: 'API' } },
          {
            type: 'SIGNAL_REJECTED',
            actor: { id: 'discipline-zhao', role: 'DISCIPLINE_GROUP', channel: 'SIGNAL' },
            refusal: 'channel.disabled',
          },
          { type: 'CHECK_RECORDED', actor: { id: 'discipline-zhao', role: 'DISCIPLINE_GROUP', channel: 'API' } },
        ]);
        await handle.terminate();
      });
    });
  });

  describe('probation', () => {
    test('when role-bearing signals are accepted (the default), a signal is applied and recorded as declared', async () => {
      const mem = memoryActivities();
      await h.withWorker(mem.activities, async (taskQueue) => {
        const id = `prob-${randomUUID().slice(0, 6)}`;
        const input: ProbationInput = {
          batchId: id,
          personId: 'c1',
          positionId: 'p1',
          level: '正处',
          startsOn: '2026-12-10',
          endsOn: '2027-12-10',
          timerScale: 1,
          talkReminderWorkingDays: 10,
        };
        const handle = await h.env.client.workflow.start('probation', {
          workflowId: `probation-${id}-c1`,
          taskQueue,
          args: [input],
        });
        await handle.signal(p.appointmentTalkSignal, { talkOn: '2026-12-11', actor: officer });
        await expect.poll(() => trail(mem.events(`probation:${id}:c1`)).length).toBe(1);
        expect(trail(mem.events(`probation:${id}:c1`))[0]).toEqual({
          type: 'APPOINTMENT_TALK',
          actor: { id: 'officer-li', role: 'ORG_OFFICER', channel: 'SIGNAL' },
        });
        await handle.terminate();
      });
    });
  });
});
