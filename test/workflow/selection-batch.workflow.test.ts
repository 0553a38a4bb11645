import { randomUUID } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import type { CalendarYear } from '../../domain/calendar';
import * as m from '../../workflows/selection-batch.messages';
import { allYears, memoryActivities, refusalType, workflowHarness } from '../helpers/workflow-harness';
import { discipline, head, officer, unanimousMeeting } from '../helpers/workflow-actors';

const h = workflowHarness();

describe('selectionBatch workflow', () => {
  test('when the discipline opinion affects use, the candidate is vetoed and a batch with no one left closes', async () => {
    const mem = memoryActivities();
    await h.withWorker(mem.activities, async (taskQueue) => {
      const id = `veto-${randomUUID().slice(0, 6)}`;
      const handle = await h.start(taskQueue, id, {
        candidates: [{ personId: 'c1', name: '王一', branchId: 'b1', positionId: 'p1' }],
      });
      await handle.executeUpdate(m.recordCheckUpdate, {
        args: [
          { personId: 'c1', kind: 'DISCIPLINE_OPINION', result: 'affects_use', reason: '立案审查', actor: discipline },
        ],
      });
      expect(await handle.result()).toEqual({ stage: 'CLOSED' });
      const state = await handle.query(m.stateQuery);
      expect(state.candidates[0]).toMatchObject({ state: 'VETOED' });
    });
  });

  test('when a check is recorded by the wrong role, the update is refused and nothing is written', async () => {
    const mem = memoryActivities();
    await h.withWorker(mem.activities, async (taskQueue) => {
      const id = `role-${randomUUID().slice(0, 6)}`;
      const handle = await h.start(taskQueue, id);
      const type = await refusalType(
        handle.executeUpdate(m.recordCheckUpdate, {
          args: [{ personId: 'c1', kind: 'DISCIPLINE_OPINION', result: 'clear', actor: officer }],
        }),
      );
      expect(type).toBe('role.forbidden');
      const wrongBranch = await refusalType(
        handle.executeUpdate(m.recordCheckUpdate, {
          args: [
            {
              personId: 'c1',
              kind: 'BRANCH_OPINION',
              result: 'clear',
              actor: { id: 'x', roles: ['BRANCH_SECRETARY'], branchId: 'b2' },
            },
          ],
        }),
      );
      expect(wrongBranch).toBe('branch.not_own');
      await handle.terminate();
    });
  });

  test('when an invalid signal arrives, it is recorded as rejected in the audit trail and not applied', async () => {
    const mem = memoryActivities();
    await h.withWorker(mem.activities, async (taskQueue) => {
      const id = `sig-${randomUUID().slice(0, 6)}`;
      const handle = await h.start(taskQueue, id);
      await handle.signal(m.disciplineOpinionSignal, { personId: 'c1', result: 'clear', actor: officer });
      await handle.signal(m.disciplineOpinionSignal, {
        personId: 'c1',
        result: 'clear',
        actor: discipline,
        requestId: 'r1',
      });
      await handle.signal(m.disciplineOpinionSignal, {
        personId: 'c1',
        result: 'clear',
        actor: discipline,
        requestId: 'r1',
      });
      await expect
        .poll(() => mem.events(id).map((e) => [e.type, e.rejected ?? false]))
        .toEqual([
          ['BATCH_STARTED', false],
          ['SIGNAL_REJECTED', true],
          ['CHECK_RECORDED', false],
        ]);
      const state = await handle.query(m.stateQuery);
      expect(state.candidates[0]?.vetting.DISCIPLINE_OPINION?.recordedBy.actorId).toBe('discipline-zhao');
      await handle.terminate();
    });
  });

  test('when an objection is open at the end of the notice, the appointment waits until it is resolved', async () => {
    const mem = memoryActivities();
    await h.withWorker(mem.activities, async (taskQueue) => {
      const id = `obj-${randomUUID().slice(0, 6)}`;
      const handle = await h.start(taskQueue, id);
      await h.vet(handle, 'c1', 'b1');
      await h.vet(handle, 'c2', 'b2');
      await handle.executeUpdate(m.recordDecisionUpdate, { args: [unanimousMeeting('meeting-1', ['c1', 'c2'])] });
      await expect.poll(async () => (await handle.query(m.stateQuery)).stage).toBe('PUBLICITY');
      const filed = await handle.executeUpdate(m.fileObjectionUpdate, {
        args: [{ personId: 'c1', content: '反映问题', reporterName: '张三' }],
      });
      await h.env.sleep('14 days');
      let state = await handle.query(m.stateQuery);
      expect(state.publicity?.ended).toBe(true);
      expect(state.candidates.map((c) => c.state)).toEqual(['ON_HOLD', 'READY_TO_APPOINT']);
      expect(state.stage).toBe('PUBLICITY');
      expect(
        await refusalType(
          handle.executeUpdate(m.appointUpdate, {
            args: [{ personId: 'c1', documentNo: 'X', noticeDate: '2099-12-30', actor: officer }],
          }),
        ),
      ).toBe('objection.open');
      expect(
        await refusalType(
          handle.executeUpdate(m.resolveObjectionUpdate, {
            args: [{ objectionId: filed.objectionId!, resolution: 'unfounded', note: '经核查不属实', actor: head }],
          }),
        ),
      ).toBe('objection.feedback_required');
      await handle.executeUpdate(m.resolveObjectionUpdate, {
        args: [
          {
            objectionId: filed.objectionId!,
            resolution: 'unfounded',
            note: '经核查不属实',
            feedback: '已电话反馈',
            actor: head,
          },
        ],
      });
      state = await handle.query(m.stateQuery);
      expect(state.stage).toBe('APPOINTING');
      expect(state.candidates[0]?.state).toBe('READY_TO_APPOINT');
      await handle.executeUpdate(m.cancelUpdate, { args: [{ reason: '机构改革', actor: head }] });
      expect(await handle.result()).toEqual({ stage: 'CANCELLED' });
    });
  });

  test("when objection A is suspended and cleared while B is open and B is then suspended, the expiry is notified at B's end only", async () => {
    const mem = memoryActivities();
    await h.withWorker(mem.activities, async (taskQueue) => {
      const id = `susp-${randomUUID().slice(0, 6)}`;
      const handle = await h.start(taskQueue, id);
      await h.vet(handle, 'c1', 'b1');
      await h.vet(handle, 'c2', 'b2');
      await handle.executeUpdate(m.recordDecisionUpdate, { args: [unanimousMeeting('meeting-1', ['c1', 'c2'])] });
      await expect.poll(async () => (await handle.query(m.stateQuery)).stage).toBe('PUBLICITY');
      const file = (objectionId: string) =>
        handle.executeUpdate(m.fileObjectionUpdate, {
          args: [{ objectionId, personId: 'c1', content: `反映问题 ${objectionId}`, actor: officer }],
        });
      const resolve = (objectionId: string, resolution: 'unverifiable' | 'unfounded') =>
        handle.executeUpdate(m.resolveObjectionUpdate, {
          args: [{ objectionId, resolution, note: '核查情况', actor: head }],
        });
      /** Real time for the worker to act on the timers the server has just fired. */
      const settle = () => new Promise((resolve) => setTimeout(resolve, 1500));
      const c1 = async () => (await handle.query(m.stateQuery)).candidates.find((c) => c.personId === 'c1')!;
      const expiries = () =>
        mem
          .events(id)
          .filter((e) => e.type === 'NOTIFICATION' && (e.payload as { kind: string }).kind === 'SUSPENSION_EXPIRED');

      await file('obj-a');
      await file('obj-b');
      await resolve('obj-a', 'unverifiable');
      const aEnds = (await c1()).suspendedUntil!;
      await h.env.sleep('20 days');
      await resolve('obj-a', 'unfounded');
      expect(await c1()).toMatchObject({ state: 'ON_HOLD' });
      await h.env.sleep('20 days');
      await resolve('obj-b', 'unverifiable');
      const bEnds = (await c1()).suspendedUntil!;
      expect(await c1()).toMatchObject({ state: 'SUSPENDED' });
      expect(Date.parse(bEnds) - Date.parse(aEnds)).toBeGreaterThanOrEqual(39 * 86_400_000);

      // Past A's end (about 91 days after it was suspended), before B's: nothing to notify.
      await h.env.sleep('60 days');
      await settle();
      expect(expiries()).toEqual([]);
      // Past B's end: one notice, for c1.
      await h.env.sleep('40 days');
      await expect.poll(() => expiries().map((e) => (e.payload as { personId?: string }).personId)).toEqual(['c1']);
      await h.env.sleep('30 days');
      await settle();
      expect(expiries()).toHaveLength(1);
      await handle.terminate();
    });
  });

  test('when the calendar year is not published, the batch waits visibly and resumes once it is loaded', async () => {
    const years: CalendarYear[] = [];
    const mem = memoryActivities(years);
    await h.withWorker(mem.activities, async (taskQueue) => {
      const id = `cal-${randomUUID().slice(0, 6)}`;
      const handle = await h.start(taskQueue, id);
      await h.vet(handle, 'c1', 'b1');
      await h.vet(handle, 'c2', 'b2');
      await handle.executeUpdate(m.recordDecisionUpdate, { args: [unanimousMeeting('meeting-1', ['c1', 'c2'])] });
      await expect.poll(async () => (await handle.query(m.stateQuery)).waitingForCalendarYear).toBeGreaterThan(2000);
      const waiting = await handle.query(m.stateQuery);
      expect(waiting.stage).toBe('DECIDING');
      expect(waiting.waitingFor).toContain('CALENDAR_NOT_PUBLISHED');
      years.push(...allYears);
      await handle.signal(m.calendarUpdatedSignal, { year: waiting.waitingForCalendarYear! });
      await expect.poll(async () => (await handle.query(m.stateQuery)).stage).toBe('PUBLICITY');
      await handle.terminate();
    });
  });

  test('when the last appointments arrive together, each one is persisted and the batch completes', async () => {
    const mem = memoryActivities();
    await h.withWorker(mem.activities, async (taskQueue) => {
      const id = `race-${randomUUID().slice(0, 6)}`;
      const handle = await h.start(taskQueue, id);
      await h.vet(handle, 'c1', 'b1');
      await h.vet(handle, 'c2', 'b2');
      await handle.executeUpdate(m.recordDecisionUpdate, { args: [unanimousMeeting('meeting-1', ['c1', 'c2'])] });
      await expect.poll(async () => (await handle.query(m.stateQuery)).stage).toBe('PUBLICITY');
      await h.env.sleep('14 days');
      const { publicity } = await handle.query(m.stateQuery);
      const noticeDate = new Date(Date.parse(`${publicity!.endsOn}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
      // Both in one workflow task: the second handler is still starting its probation when the batch closes.
      await Promise.all(
        ['c1', 'c2'].map((personId) =>
          handle.signal(m.appointSignal, { personId, documentNo: `doc-${personId}`, noticeDate, actor: officer }),
        ),
      );
      expect(await handle.result()).toEqual({ stage: 'CLOSED' });
      expect(mem.events(id).filter((e) => e.type === 'PROBATION_STARTED')).toHaveLength(2);
    });
  });

  test('when an extension would run into a year without official data, it is refused at once and the window stays', async () => {
    // Only the years the package publishes; a 60-working-day notice from late 2026 runs into 2027.
    const mem = memoryActivities(allYears.filter((y) => y.source === 'chinese-days'));
    await h.withWorker(mem.activities, async (taskQueue) => {
      const id = `ext-${randomUUID().slice(0, 6)}`;
      const handle = await h.start(taskQueue, id);
      await h.vet(handle, 'c1', 'b1');
      await h.vet(handle, 'c2', 'b2');
      await handle.executeUpdate(m.recordDecisionUpdate, { args: [unanimousMeeting('meeting-1', ['c1', 'c2'])] });
      await expect.poll(async () => (await handle.query(m.stateQuery)).stage).toBe('PUBLICITY');
      const before = (await handle.query(m.stateQuery)).publicity;
      const refused = await refusalType(
        handle.executeUpdate(m.extendPublicityUpdate, {
          args: [{ workingDays: 60, reason: '延长公示', actor: officer }],
        }),
      );
      expect(refused).toBe('calendar.not_published');
      expect((await handle.query(m.stateQuery)).publicity).toEqual(before);
      await handle.terminate();
    });
  });

  test('when opinions are overdue, a reminder and then repeated escalations are recorded, never an approval', async () => {
    const mem = memoryActivities();
    await h.withWorker(mem.activities, async (taskQueue) => {
      const id = `late-${randomUUID().slice(0, 6)}`;
      const handle = await h.start(taskQueue, id);
      await h.env.sleep('20 days');
      const kinds = mem
        .events(id)
        .filter((e) => e.type === 'NOTIFICATION')
        .map((e) => (e.payload as { kind: string }).kind);
      expect(kinds[0]).toBe('OPINION_REMINDER');
      expect(kinds.filter((k) => k === 'OPINION_OVERDUE').length).toBeGreaterThanOrEqual(2);
      const state = await handle.query(m.stateQuery);
      expect(state.stage).toBe('INSPECTING');
      expect(state.candidates.every((c) => c.state === 'UNDER_INSPECTION')).toBe(true);
      await handle.terminate();
    });
  });
});
