import type { Router } from 'express';
import type { QueryDefinition } from '@temporalio/common';
import type { z } from 'zod';
import type { BatchKind } from '../domain/batch';
import { hasRole, readers, type Actor, type Role } from '../domain/roles';
import { batchWorkflowId } from '../domain/selection';
import { batchLiveStateSchema } from '../domain/views/batches';
import { currentActor } from './auth';
import { requireKind } from './batch-kind';
import { batchLinks } from './batch-links';
import type { AppDeps } from './deps';
import { batchIdParams } from './path-params';
import { problems } from './problem';
import { declareRoute, mount, type RouteDeclaration } from './route-declaration';
import { workflowProblem } from './workflow-problem';

type Collection = '/batches' | '/rank-batches';
interface ReadDoc {
  operationId: string;
  summary: string;
  description?: string;
}

/** The two reads every batch kind answers under its collection: the batch (its read model), its workflow's state. */
export function batchReadEndpoints<const C extends Collection>(
  collection: C,
  tag: string,
  { get, live }: { get: ReadDoc & { view: z.ZodType }; live: ReadDoc & { access: Role[] } },
) {
  const { view, ...getDoc } = get;
  const { access, ...liveDoc } = live;
  const read = { tag, params: batchIdParams, errors: { 404: ['batch.not_found'] } };
  return {
    get: declareRoute({
      ...read,
      method: 'get',
      base: '/api/v1',
      path: `${collection}/:id`,
      access: readers,
      ...getDoc,
      success: { status: 200, description: 'the batch', content: { 'application/json': view } },
    }),
    live: declareRoute({
      ...read,
      method: 'get',
      base: '/api/v1',
      path: `${collection}/:id/live`,
      access,
      ...liveDoc,
      success: {
        status: 200,
        description: 'the workflow state',
        content: { 'application/json': batchLiveStateSchema },
      },
    }),
  };
}

/** What a reader sees of a batch (domain.md §1): confidential notes and reasons, individual ballots. */
export function batchVisibility(actor: Actor) {
  return {
    confidential: hasRole(actor, 'ORG_OFFICER', 'ORG_HEAD', 'DISCIPLINE_GROUP', 'AUDITOR'),
    votes: hasRole(actor, 'ORG_HEAD', 'DISCIPLINE_GROUP', 'AUDITOR', 'PARTY_GROUP_SECRETARY', 'PARTY_GROUP_MEMBER'),
  };
}

interface BatchReads {
  kind: BatchKind;
  collection: Collection;
  read(
    id: string,
    visibility: ReturnType<typeof batchVisibility>,
  ): Promise<({ id: string; workflowId: string } & object) | undefined>;
  state: QueryDefinition<unknown>;
}

/** Serves a kind's two reads: the batch with its links, and the state its workflow answers to `state`. */
export function mountBatchReads(
  router: Router,
  deps: AppDeps,
  endpoints: { get: RouteDeclaration; live: RouteDeclaration },
  { kind, collection, read, state }: BatchReads,
) {
  const ofKind = requireKind(deps, kind);
  mount(router, endpoints.get, async (req, res) => {
    const { id } = req.params as { id: string };
    const batch = await read(id, batchVisibility(currentActor(req)));
    if (!batch) throw problems.notFound('batch', id);
    res.json({ ...batch, links: batchLinks(deps, `/api/v1${collection}`, batch) });
  });
  mount(router, endpoints.live, async (req, res) => {
    const { id } = req.params as { id: string };
    await ofKind(id);
    try {
      res.json(await deps.temporal.workflow.getHandle(batchWorkflowId(id)).query(state));
    } catch (err) {
      throw await workflowProblem(err, id);
    }
  });
}
