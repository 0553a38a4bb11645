import { condition, proxyActivities, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { createActivities } from '../activities';
import type { BatchEvent, ActorRef } from '../domain/events';
import { initialState, type SelectionBatchInput } from '../domain/selection';
import { persistence } from './options';
import { BatchStage } from './search-attributes';
import { stateQuery } from './selection-batch.messages';

const { persistEvents } = proxyActivities<ReturnType<typeof createActivities>>(persistence);

export async function selectionBatch(input: SelectionBatchInput): Promise<void> {
  const state = initialState(input);
  const outbox: BatchEvent[] = [];
  let persistedSeq = 0;

  const record = (type: string, actor: ActorRef, payload: unknown, rejected = false) => {
    const event: BatchEvent = { seq: ++state.seq, type, actor, at: new Date().toISOString(), payload };
    if (rejected) event.rejected = true;
    outbox.push(event);
    return event.seq;
  };

  setHandler(stateQuery, () => state);

  record('BATCH_STARTED', input.startedBy, {
    kind: state.kind,
    workflowId: workflowInfo().workflowId,
    plan: input.plan,
    ruleset: input.ruleset,
  });
  upsertSearchAttributes([{ key: BatchStage, value: state.stage }]);

  const finished = () => state.stage === 'CLOSED' || state.stage === 'CANCELLED';
  while (!finished() || outbox.length > 0) {
    await condition(() => outbox.length > 0 || finished());
    if (outbox.length === 0) continue;
    const events = outbox.splice(0);
    await persistEvents({ batchId: state.id, events });
    persistedSeq = events.at(-1)?.seq ?? persistedSeq;
  }
}
