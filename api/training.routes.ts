import { randomUUID } from 'node:crypto';
import { Router, type Request } from 'express';
import { z } from 'zod';
import { createCalendarRepository, yearsForWalk } from '../db/calendar.repository';
import { createTrainingRepository } from '../db/training.repository';
import { orgStaff, readers } from '../domain/roles';
import { shanghaiDate } from '../domain/selection';
import {
  createTrainingSessionSchema,
  EVALUATION_DUE_WORKING_DAYS,
  evaluationDue,
  evaluationRefusal,
  trainingEvaluationSchema,
  trainingKinds,
} from '../domain/training';
import type { Access } from './access';
import type { AppDeps } from './deps';
import { currentActor, requireRole } from './auth';
import { Problem, problems } from './problem';
import { parse } from './validate';

/** Shaped like api/access.ts's matrix, to be spread into it: the office records, every role reads. */
export const trainingAccess = {
  'POST /training-sessions': orgStaff,
  'GET /training-sessions': readers,
  'GET /training-sessions/:id': readers,
  'POST /training-sessions/:id/evaluation': orgStaff,
  'PUT /training-sessions/:id/evaluation': orgStaff,
  'GET /people/:personId/training': readers,
} as const satisfies Record<string, Access>;
type TrainingEndpoint = keyof typeof trainingAccess;
const allow = (endpoint: TrainingEndpoint) => requireRole(...trainingAccess[endpoint]);

export const trainingListQuerySchema = z.strictObject({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  kind: z.enum(trainingKinds).optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export { createTrainingSessionSchema, trainingEvaluationSchema };

const cursorSchema = z.strictObject({ startsOn: z.iso.date(), id: z.string().min(1) });

/** Training sessions (培训班) and their evaluation, and a person's cadre record with their training. */
export function trainingRoutes({ database }: AppDeps) {
  const router = Router();
  const training = createTrainingRepository({ db: database.db });
  const calendar = createCalendarRepository({ db: database.db });
  const today = () => shanghaiDate(new Date().toISOString());

  /** Adds `evaluationDueOn` / `evaluationOverdue` (EVALUATION_DUE_WORKING_DAYS after the end) to each session. */
  async function withDue<S extends { endsOn: string; evaluation: unknown }>(sessions: S[]) {
    const years = await calendar.years(sessions.flatMap((s) => yearsForWalk(s.endsOn, EVALUATION_DUE_WORKING_DAYS)));
    const now = today();
    return sessions.map((s) => ({
      ...s,
      ...evaluationDue({ endsOn: s.endsOn, evaluated: s.evaluation !== null }, years, now),
    }));
  }
  async function detail(id: string) {
    const session = await training.get(id);
    if (!session) throw problems.notFound('training', id);
    const [withDates] = await withDue([session]);
    return { ...withDates!, links: links(id) };
  }

  router.post('/training-sessions', allow('POST /training-sessions'), async (req, res) => {
    const actor = currentActor(req);
    const body = parse(createTrainingSessionSchema, req.body);
    const id = body.id ?? `tr-${body.startsOn.slice(0, 4)}-${randomUUID().slice(0, 8)}`;
    if ((await training.create({ ...body, id }, actor.id)) === 'exists')
      throw problems.conflict('training.already_exists', `training session ${id} already exists`);
    res
      .status(201)
      .location(links(id).self)
      .json(await detail(id));
  });

  router.get('/training-sessions', allow('GET /training-sessions'), async (req, res) => {
    const query = parse(trainingListQuerySchema, req.query);
    const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
    const { items, next } = await training.list({ ...query, cursor });
    res.json({ items: await withDue(items), nextCursor: next ? encodeCursor(next) : null });
  });

  router.get(
    '/training-sessions/:id',
    allow('GET /training-sessions/:id'),
    async (req: Request<{ id: string }>, res) => {
      res.json(await detail(req.params.id));
    },
  );

  /** POST records the evaluation once; PUT records it or replaces it (a correction). */
  for (const method of ['post', 'put'] as const) {
    const endpoint = `${method.toUpperCase() as 'POST' | 'PUT'} /training-sessions/:id/evaluation` as const;
    router[method]('/training-sessions/:id/evaluation', allow(endpoint), async (req: Request<{ id: string }>, res) => {
      const actor = currentActor(req);
      const body = parse(trainingEvaluationSchema, req.body);
      const outcome = await training.recordEvaluation(req.params.id, body, actor.id, (session) => {
        if (session.evaluated && method === 'post')
          throw problems.conflict(
            'training.already_evaluated',
            `training session ${req.params.id} is already evaluated; PUT the evaluation to correct it`,
          );
        const refusal = evaluationRefusal(session, body, today());
        if (refusal) throw new Problem(422, refusal.code, refusal.message, refusal.errors);
      });
      if (outcome === 'not_found') throw problems.notFound('training', req.params.id);
      res.status(outcome === 'recorded' ? 201 : 200).json(await detail(req.params.id));
    });
  }

  router.get(
    '/people/:personId/training',
    allow('GET /people/:personId/training'),
    async (req: Request<{ personId: string }>, res) => {
      const record = await training.personRecord(req.params.personId);
      res.json({ ...record, training: await withDue(record.training) });
    },
  );

  return router;
}

function links(id: string) {
  const self = `/api/v1/training-sessions/${encodeURIComponent(id)}`;
  return { self, evaluation: `${self}/evaluation` };
}

function encodeCursor(cursor: { startsOn: string; id: string }) {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(raw: string) {
  try {
    return cursorSchema.parse(JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')));
  } catch {
    throw problems.validation([{ path: 'cursor', message: 'not a cursor returned by this API' }]);
  }
}
