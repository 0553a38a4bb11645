import { randomUUID } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { probationOutcomeUpdate, probationStateQuery } from '../../workflows/probation.messages';
import * as m from '../../workflows/selection-batch.messages';
import { dayAfter, memoryActivities, refusalType, workflowHarness } from '../helpers/workflow-harness';
import { head, officer, unanimousMeeting } from '../helpers/workflow-actors';

const h = workflowHarness();

describe('selectionBatch workflow, whole procedure', () => {
  test('when driven from vetting through decision, public notice and appointment, it closes and probation outlives it', async () => {
    const mem = memoryActivities();
    await h.withWorker(mem.activities, async (taskQueue) => {
      const id = `full-${randomUUID().slice(0, 6)}`;
      const handle = await h.start(taskQueue, id);
      await h.vet(handle, 'c1', 'b1');
      await h.vet(handle, 'c2', 'b2');
      expect((await handle.query(m.stateQuery)).stage).toBe('DECIDING');

      await handle.executeUpdate(m.recordDecisionUpdate, { args: [unanimousMeeting('meeting-1', ['c1', 'c2'])] });
      await expect.poll(async () => (await handle.query(m.stateQuery)).stage).toBe('PUBLICITY');
      const inPublicity = await handle.query(m.stateQuery);
      expect(inPublicity.stage).toBe('PUBLICITY');
      expect(inPublicity.publicity?.workingDays).toBe(5);
      expect(inPublicity.candidates.map((c) => c.state)).toEqual(['IN_PUBLICITY', 'IN_PUBLICITY']);

      expect(
        await refusalType(
          handle.executeUpdate(m.appointUpdate, {
            args: [{ personId: 'c1', documentNo: 'X', noticeDate: '2099-12-30', actor: officer }],
          }),
        ),
      ).toBe('candidate.wrong_state');

      await h.env.sleep('14 days');
      const ready = await handle.query(m.stateQuery);
      expect(ready.stage).toBe('APPOINTING');
      expect(ready.candidates.map((c) => c.state)).toEqual(['READY_TO_APPOINT', 'READY_TO_APPOINT']);

      const noticeDate = dayAfter(ready.publicity!.endsOn);
      for (const personId of ['c1', 'c2'])
        await handle.executeUpdate(m.appointUpdate, {
          args: [{ personId, documentNo: `局党组〔2026〕${personId}号`, noticeDate, actor: officer }],
        });
      expect(await handle.result()).toEqual({ stage: 'CLOSED' });
      const types = mem.events(id).map((e) => e.type);
      expect(types).toContain('PUBLICITY_ENDED');
      expect(types.filter((t) => t === 'PROBATION_STARTED')).toHaveLength(2);
      expect(mem.events(id).map((e) => e.seq)).toEqual(mem.events(id).map((_, i) => i + 1));

      const probation = h.env.client.workflow.getHandle(`probation-${id}-c1`);
      expect((await probation.query(probationStateQuery)).endsOn).toBe(
        `${Number(noticeDate.slice(0, 4)) + 1}${noticeDate.slice(4)}`,
      );
      await h.env.sleep('400 days');
      await probation.executeUpdate(probationOutcomeUpdate, {
        args: [{ outcome: 'CONFIRMED', decidedOn: '2027-12-21', actor: head }],
      });
      expect(await probation.result()).toEqual({ outcome: 'CONFIRMED' });
      expect(mem.events(`probation:${id}:c1`).map((e) => e.type)).toEqual([
        'PROBATION_OPENED',
        'NOTIFICATION',
        'NOTIFICATION',
        'PROBATION_CONCLUDED',
      ]);
    });
  });
});
