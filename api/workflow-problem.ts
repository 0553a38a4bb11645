import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Refusal } from '../domain/selection';
import { Problem, problems, refusalStatus } from './problem';

/**
 * What a failed update or query of a workflow answers: the rule's refusal (its code and offending fields), or a
 * missing or closed batch (probation). `describe` tells the two apart when the workflow is not running.
 */
export async function workflowProblem(
  err: unknown,
  id: string,
  {
    target = 'batch',
    describe,
  }: { target?: 'batch' | 'probation'; describe?: () => Promise<{ status: { name: string } }> } = {},
): Promise<unknown> {
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
    const code = err.cause.type ?? 'rule.violated';
    const refusal = err.cause.details?.[0] as Refusal | undefined;
    return new Problem(refusalStatus(code), code, err.cause.message, refusal?.errors);
  }
  const grpc = err as { code?: number; cause?: { code?: number } };
  if (!(err instanceof WorkflowNotFoundError) && (grpc?.code === 5 || grpc?.cause?.code === 5))
    return problems.notFound(target, id);
  if (err instanceof WorkflowNotFoundError) {
    // An update to a completed execution also reports "not found": tell a closed batch from a missing one.
    const status = await describe?.().then(
      (d) => d.status.name,
      () => undefined,
    );
    if (status && status !== 'RUNNING')
      return problems.conflict(
        `${target}.closed`,
        `${target} ${id} is ${status.toLowerCase()} and takes no more actions`,
      );
    return problems.notFound(target, id);
  }
  return err;
}
