import { randomUUID } from 'node:crypto';
import { Router, type Request, type RequestHandler } from 'express';
import type { BatchKind } from '../domain/batch';
import type { CommandTable } from '../domain/commands/row';
import { batchWorkflowId, probationWorkflowId } from '../domain/selection';
import { requireKind } from './batch-kind';
import type { AppDeps } from './deps';
import { executeUpdate } from './execute-update';
import { guard } from './guard';
import { problems } from './problem';
import { publicRateLimit } from './rate-limit';
import { parse } from './validate';
import { workflowProblem } from './workflow-problem';

type Params = Record<string, string> & { id: string };

/**
 * Every command of a table as a route: the guard of its access, the body (path parameters merged) validated with its
 * schema, the update it names sent to its workflow (validated again there) under the caller's Idempotency-Key, and
 * its status. The table's batches are of `kind`: a batch of another kind is never sent its message.
 */
export function commandRouter(deps: AppDeps, table: CommandTable, kind: BatchKind): Router {
  const router = Router();
  const ofKind = requireKind(deps, kind);
  for (const row of table) {
    const isPublic = row.access === 'public';
    const admit: RequestHandler = isPublic ? publicRateLimit() : guard(row.access);
    router[row.http.method](row.http.path, admit, async (req: Request<Params>, res) => {
      const raw = req.body === undefined ? {} : req.body;
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
        throw problems.validation([{ path: '', message: 'the body must be a JSON object' }]);
      const fromPath = Object.fromEntries((row.http.fromPath ?? []).map((k) => [k, req.params[k]]));
      const body = parse(row.schema, { ...raw, ...fromPath }) as Record<string, unknown>;
      const { id } = req.params;
      const actor = req.actor;
      const key = req.header('idempotency-key');
      const updateId = key ? `${row.update}:${actor?.id ?? 'public'}:${key}` : randomUUID();
      await ofKind(id);
      const workflowId = row.target === 'batch' ? batchWorkflowId(id) : probationWorkflowId(id, req.params.personId!);
      const handle = deps.temporal.workflow.getHandle(workflowId);
      try {
        const result = await executeUpdate<Record<string, unknown>, [unknown]>(handle, row.update, {
          args: [{ ...body, ...(actor ? { actor } : {}) }],
          updateId,
        });
        res
          .status(row.http.status)
          .json(isPublic && !actor ? { received: true, objectionId: result.objectionId } : { batchId: id, ...result });
      } catch (err) {
        throw await workflowProblem(err, id, { target: row.target, describe: () => handle.describe() });
      }
    });
  }
  return router;
}
