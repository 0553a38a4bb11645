import { condition, defineUpdate, setHandler } from '@temporalio/workflow';

export const pingUpdate = defineUpdate<{ ok: boolean }, [{ n: number }]>('ping');

/** Bare Temporal baseline: starts, takes updates, does nothing else. */
export async function benchEmpty(): Promise<void> {
  let done = false;
  setHandler(pingUpdate, () => ({ ok: true }), { validator: ({ n }) => void (n >= 0 || (done = true)) });
  await condition(() => done);
}
