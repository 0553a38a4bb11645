import type { WorkflowHandle } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';

const attempts = 3;

/**
 * executeUpdate, sent again (same update id) when the workflow task that carried it failed on the server. That
 * happens when the update completes the batch in the same task as some other event arrives (an activity's result):
 * the server refuses the task's completion (UnhandledCommand) and answers FAILED_PRECONDITION; the update was not
 * applied, and the next task takes it.
 */
export async function executeUpdate<Ret, Args extends [unknown, ...unknown[]]>(
  handle: WorkflowHandle,
  def: UpdateDefinition<Ret, Args> | string,
  options: { args: Args; updateId: string },
): Promise<Ret> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await handle.executeUpdate(def, options);
    } catch (err) {
      if (attempt >= attempts || !taskFailed(err)) throw err;
      await new Promise((r) => setTimeout(r, 50 * attempt));
    }
  }
}

function taskFailed(err: unknown): boolean {
  const e = err as { name?: string; cause?: { code?: number; details?: string; message?: string } };
  return (
    e?.name === 'ServiceError' &&
    e.cause?.code === 9 && // FAILED_PRECONDITION
    /workflow task failure/.test(e.cause.details ?? e.cause.message ?? '')
  );
}
