import { randomUUID } from 'node:crypto';
import { Router, type Request, type RequestHandler } from 'express';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import type { z } from 'zod';
import { appointmentTalkSchema, probationOutcomeSchema } from '../domain/probation';
import {
  batchWorkflowId,
  commandSchemas,
  probationWorkflowId,
  type CommandName,
  type Refusal,
} from '../domain/selection';
import { appointmentTalkUpdate, probationOutcomeUpdate } from '../workflows/probation.messages';
import * as m from '../workflows/selection-batch.messages';
import { createBatchesRepository } from '../db/batches.repository';
import type { AppDeps } from './deps';
import { accessMatrix, allow, type Endpoint } from './access';
import { executeUpdate } from './execute-update';
import { Problem, problems, refusalStatus } from './problem';
import { parse } from './validate';
import { publicRateLimit } from './rate-limit';

type Params = { id: string; personId?: string; objectionId?: string; holdId?: string };
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyUpdate = UpdateDefinition<any, [any]>;

interface CommandRoute {
  method: 'post' | 'delete';
  path: string;
  schema: z.ZodType;
  update: AnyUpdate;
  target: 'batch' | 'probation';
  status?: number;
  /** Path parameters merged into the body. */
  fromPath?: (keyof Params)[];
}

const bodyOf = (name: CommandName) => commandSchemas[name];

/** Every state-changing endpoint of a batch: one update each, validated again inside the workflow. */
export const commandRoutes: CommandRoute[] = [
  {
    method: 'post',
    path: '/batches/:id/candidates/:personId/checks',
    schema: bodyOf('recordCheck'),
    update: m.recordCheckUpdate,
    target: 'batch',
    status: 201,
    fromPath: ['personId'],
  },
  {
    method: 'post',
    path: '/batches/:id/meetings',
    schema: bodyOf('recordDecision'),
    update: m.recordDecisionUpdate,
    target: 'batch',
    status: 201,
  },
  {
    method: 'post',
    path: '/batches/:id/candidates/:personId/objections',
    schema: bodyOf('fileObjection'),
    update: m.fileObjectionUpdate,
    target: 'batch',
    status: 201,
    fromPath: ['personId'],
  },
  {
    method: 'post',
    path: '/batches/:id/objections/:objectionId/resolution',
    schema: bodyOf('resolveObjection'),
    update: m.resolveObjectionUpdate,
    target: 'batch',
    fromPath: ['objectionId'],
  },
  {
    method: 'post',
    path: '/batches/:id/candidates/:personId/withdrawal',
    schema: bodyOf('withdraw'),
    update: m.withdrawUpdate,
    target: 'batch',
    fromPath: ['personId'],
  },
  {
    method: 'post',
    path: '/batches/:id/candidates/:personId/disqualification',
    schema: bodyOf('disqualify'),
    update: m.disqualifyUpdate,
    target: 'batch',
    fromPath: ['personId'],
  },
  {
    method: 'post',
    path: '/batches/:id/holds',
    schema: bodyOf('placeHold'),
    update: m.placeHoldUpdate,
    target: 'batch',
    status: 201,
  },
  {
    method: 'delete',
    path: '/batches/:id/holds/:holdId',
    schema: bodyOf('liftHold'),
    update: m.liftHoldUpdate,
    target: 'batch',
    fromPath: ['holdId'],
  },
  {
    method: 'post',
    path: '/batches/:id/candidates/:personId/appointment',
    schema: bodyOf('appoint'),
    update: m.appointUpdate,
    target: 'batch',
    status: 201,
    fromPath: ['personId'],
  },
  {
    method: 'post',
    path: '/batches/:id/publicity/extension',
    schema: bodyOf('extendPublicity'),
    update: m.extendPublicityUpdate,
    target: 'batch',
  },
  {
    method: 'post',
    path: '/batches/:id/cancellation',
    schema: bodyOf('cancel'),
    update: m.cancelUpdate,
    target: 'batch',
  },
  {
    method: 'post',
    path: '/batches/:id/candidates/:personId/appointment-talk',
    schema: appointmentTalkSchema,
    update: appointmentTalkUpdate,
    target: 'probation',
  },
  {
    method: 'post',
    path: '/batches/:id/candidates/:personId/probation-outcome',
    schema: probationOutcomeSchema,
    update: probationOutcomeUpdate,
    target: 'probation',
  },
];

export function commandsRoutes({ temporal, database }: AppDeps) {
  const router = Router();
  /** These endpoints act on selection batches only; a rank batch has its own (/rank-batches). */
  // During a PostgreSQL outage the check is skipped: the workflow still takes the command and persists it later.
  const batches = createBatchesRepository({ db: database.db });
  const selectionOnly = async (batchId: string) => {
    const kind = await batches.kind(batchId).catch(() => undefined);
    if (kind !== undefined && kind !== 'SELECTION') throw problems.notFound('batch', batchId);
  };
  for (const route of commandRoutes) {
    const endpoint = `${route.method.toUpperCase()} ${route.path}` as Endpoint;
    const isPublic = accessMatrix[endpoint] === 'public';
    const guard: RequestHandler[] = isPublic ? [publicRateLimit()] : [allow(endpoint)];
    router[route.method](route.path, ...guard, async (req: Request<Params>, res) => {
      const raw = req.body === undefined ? {} : req.body;
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
        throw problems.validation([{ path: '', message: 'the body must be a JSON object' }]);
      const fromPath = Object.fromEntries((route.fromPath ?? []).map((k) => [k, req.params[k]]));
      const body = parse(route.schema, { ...raw, ...fromPath }) as Record<string, unknown>;
      const actor = req.actor;
      const workflowId =
        route.target === 'batch'
          ? batchWorkflowId(req.params.id)
          : probationWorkflowId(req.params.id, req.params.personId!);
      const key = req.header('idempotency-key');
      const updateId = key ? `${route.update.name}:${actor?.id ?? 'public'}:${key}` : randomUUID();
      await selectionOnly(req.params.id);
      const handle = temporal.workflow.getHandle(workflowId);
      try {
        const result = await executeUpdate(handle, route.update, {
          args: [{ ...body, ...(actor ? { actor } : {}) }],
          updateId,
        });
        const publicView = isPublic && !actor;
        res
          .status(route.status ?? 200)
          .json(
            publicView ? { received: true, objectionId: result.objectionId } : { batchId: req.params.id, ...result },
          );
      } catch (err) {
        throw await toProblem(err, req.params.id, route.target, () => handle.describe());
      }
    });
  }
  return router;
}

async function toProblem(
  err: unknown,
  batchId: string,
  target: 'batch' | 'probation',
  describe?: () => Promise<{ status: { name: string } }>,
): Promise<unknown> {
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
    const code = err.cause.type ?? 'rule.violated';
    const refusal = err.cause.details?.[0] as Refusal | undefined;
    return new Problem(refusalStatus(code), code, err.cause.message, refusal?.errors);
  }
  const grpc = err as { code?: number; cause?: { code?: number } };
  if (!(err instanceof WorkflowNotFoundError) && (grpc?.code === 5 || grpc?.cause?.code === 5))
    return problems.notFound(target, batchId);
  if (err instanceof WorkflowNotFoundError) {
    // An update to a completed execution also reports "not found": tell a closed batch from a missing one.
    const status = describe
      ? await describe().then(
          (d) => d.status.name,
          () => undefined,
        )
      : undefined;
    if (status && status !== 'RUNNING')
      return problems.conflict(
        `${target}.closed`,
        `${target} ${batchId} is ${status.toLowerCase()} and takes no more actions`,
      );
    return problems.notFound(target, batchId);
  }
  return err;
}
