import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { z } from 'zod';
import { createBatchPlansRepository, type PlannedBatch } from '../db/batch-plans.repository';
import { createBatchesRepository } from '../db/batches.repository';
import type { Actor } from '../domain/roles';
import type { ActorRef, RoleSignals } from '../domain/events';
import { scaledSummaryPrefix } from '../domain/ruleset';
import { batchWorkflowId } from '../domain/selection';
import { BatchKind, BatchStage, BatchYear, OrgUnit } from '../workflows/search-attributes';
import { currentActor } from './auth';
import { batchLinks } from './batch-links';
import type { AppDeps } from './deps';
import { problems } from './problem';
import { refuseScaledTimers } from './scaled-timers';
import { parse } from './validate';

interface StartBody {
  id?: string | undefined;
  year: number;
}

interface StartInput {
  plan: { year: number; orgUnit: string };
  ruleset: { timerScale?: unknown };
}

export interface Started<Body, Input> {
  id: string;
  workflowId: string;
  body: Body;
  input: Input;
  actor: Actor;
  createdAt: Date;
}

/** What one kind of batch brings to its start; everything else is the same for every kind. */
export interface BatchKindStart<Body extends StartBody, Input extends StartInput> {
  kind: PlannedBatch['kind'];
  /** Where batches of this kind are read: the answer's Location and links. */
  collection: '/api/v1/batches' | '/api/v1/rank-batches';
  schema: z.ZodType<Body>;
  /** Refuses what the schema cannot state, before anything starts. */
  refuse?: (body: Body) => void;
  /** A generated id is `<year>-<idPrefix><8 hex digits>`. */
  idPrefix: string;
  workflow: (input: Input) => Promise<unknown>;
  input: (body: Body, id: string, started: { startedBy: ActorRef; roleSignals: RoleSignals }) => Input;
  /** The workflow's static summary (after the scaled-timers mark) and details, shown by the Temporal UI. */
  describe: (input: Input) => { summary: string; details: string };
  /** The read-model rows the workflow's first event writes. */
  planned: (input: Input, workflowId: string) => PlannedBatch;
  /** The 201's body, before its links. */
  answer: (started: Started<Body, Input>) => Promise<object> | object;
}

/**
 * POST of a new batch, of any kind: validated, refused if the id is taken, its workflow started (REJECT_DUPLICATE,
 * with its search attributes and summary), its read model written at once so the caller can read it, 201.
 */
export function startBatch<Body extends StartBody, Input extends StartInput>(
  deps: AppDeps,
  kind: BatchKindStart<Body, Input>,
): RequestHandler {
  const { database, temporal, taskQueue, logger, roleSignals, allowScaledTimers } = deps;
  const batches = createBatchesRepository({ db: database.db });
  const plans = createBatchPlansRepository({ db: database.db });
  return async (req, res) => {
    const actor = currentActor(req);
    refuseScaledTimers(req.body, allowScaledTimers);
    const body = parse(kind.schema, req.body);
    kind.refuse?.(body);
    const id = body.id ?? `${body.year}-${kind.idPrefix}${randomUUID().slice(0, 8)}`;
    const workflowId = batchWorkflowId(id);
    const taken = () => problems.conflict('batch.already_exists', `batch ${id} already exists`);
    if (await batches.exists(id)) throw taken();
    const input = kind.input(body, id, {
      startedBy: { id: actor.id, role: actor.roles.includes('ORG_HEAD') ? 'ORG_HEAD' : 'ORG_OFFICER', channel: 'API' },
      roleSignals: roleSignals ?? 'accept',
    });
    const { summary, details } = kind.describe(input);
    try {
      await temporal.workflow.start(kind.workflow, {
        workflowId,
        taskQueue,
        args: [input],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        typedSearchAttributes: [
          { key: BatchKind, value: kind.kind },
          { key: BatchStage, value: 'INSPECTING' },
          { key: BatchYear, value: input.plan.year },
          { key: OrgUnit, value: input.plan.orgUnit },
        ],
        staticSummary: `${scaledSummaryPrefix(input.ruleset)}${summary}`,
        staticDetails: details,
      });
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) throw taken();
      throw err;
    }
    const createdAt = new Date();
    // If PostgreSQL is unreachable just now, the workflow's first activity writes the rows when it is back.
    await plans
      .insert(kind.planned(input, workflowId), { createdBy: actor.id, createdAt })
      .catch((err: unknown) =>
        logger.warn({ err, batchId: id }, 'read model not written by the API; the workflow will'),
      );
    const answer = await kind.answer({ id, workflowId, body, input, actor, createdAt });
    res
      .status(201)
      .location(`${kind.collection}/${encodeURIComponent(id)}`)
      .json({ ...answer, links: batchLinks(deps, kind.collection, { id, workflowId }) });
  };
}
