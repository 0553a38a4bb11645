import { randomUUID } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import * as m from '../../workflows/selection-batch.messages';
import { dayAfter, memoryActivities, workflowHarness } from '../helpers/workflow-harness';
import { officer, unanimousMeeting } from '../helpers/workflow-actors';

const h = workflowHarness();

describe('selectionBatch workflow, long history', () => {
  test('when its history passes the limit, the batch continues as new and closes with every event written once, in order', async () => {
    const mem = memoryActivities();
    await h.withWorker(mem.activities, async (taskQueue) => {
      const id = `can-${randomUUID().slice(0, 6)}`;
      const handle = await h.start(taskQueue, id, {}, { continueAsNewAfterEvents: 40 });
      const firstRunId = handle.firstExecutionRunId;
      await h.vet(handle, 'c1', 'b1');
      await h.vet(handle, 'c2', 'b2');
      expect((await handle.query(m.stateQuery)).stage).toBe('DECIDING');
      await handle.executeUpdate(m.recordDecisionUpdate, { args: [unanimousMeeting('meeting-1', ['c1', 'c2'])] });
      await expect.poll(async () => (await handle.query(m.stateQuery)).stage).toBe('PUBLICITY');
      await h.env.sleep('14 days');
      const ready = await handle.query(m.stateQuery);
      expect(ready.candidates.map((c) => c.state)).toEqual(['READY_TO_APPOINT', 'READY_TO_APPOINT']);
      for (const personId of ['c1', 'c2'])
        await handle.executeUpdate(m.appointUpdate, {
          args: [
            {
              personId,
              documentNo: `局党组〔2026〕${personId}号`,
              noticeDate: dayAfter(ready.publicity!.endsOn),
              actor: officer,
            },
          ],
        });
      expect(await handle.result()).toEqual({ stage: 'CLOSED' });

      expect((await handle.describe()).runId).not.toBe(firstRunId);
      expect(await h.runs(`batch-${id}`), 'runs in the chain').toBeGreaterThanOrEqual(3);

      const events = mem.events(id);
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
      const count = (type: string) => events.filter((e) => e.type === type).length;
      expect(count('BATCH_STARTED')).toBe(1);
      expect(count('CHECK_RECORDED')).toBe(14);
      expect(count('PUBLICITY_ENDED')).toBe(1);
      expect(count('PROBATION_STARTED')).toBe(2);
      expect(events.filter((e) => e.type === 'STAGE_CHANGED').at(-1)?.payload).toMatchObject({ to: 'CLOSED' });
    });
  });
});
