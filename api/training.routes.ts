import { randomUUID } from 'node:crypto';
import { Router } from 'express';
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
import { personRecordSchema, trainingSessionListSchema, trainingSessionSchema } from '../domain/views/training';
import type { AppDeps } from './deps';
import { currentActor } from './auth';
import { Problem, problems } from './problem';
import { accessOf, declareRoute, mount } from './route-declaration';
import { parse } from './validate';

export const trainingListQuerySchema = z.strictObject({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  kind: z.enum(trainingKinds).optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const cursorSchema = z.strictObject({ startsOn: z.iso.date(), id: z.string().min(1) });

const sessionParams = z.object({ id: z.string().min(1).describe('training session id') });
const session = { 'application/json': trainingSessionSchema };
const evaluationErrors = { 404: ['training.not_found'], 422: ['training.not_ended', 'training.participants_mismatch'] };
const evaluationRoute = {
  base: '/api/v1',
  path: '/training-sessions/:id/evaluation',
  access: orgStaff,
  tag: 'training',
  params: sessionParams,
  body: { name: 'TrainingEvaluationRequest', schema: trainingEvaluationSchema },
} as const;

/** Training sessions (培训班) and their evaluation, and the cadre record: the office records, every role reads. */
export const trainingEndpoints = {
  create: declareRoute({
    method: 'post',
    base: '/api/v1',
    path: '/training-sessions',
    access: orgStaff,
    operationId: 'createTrainingSession',
    summary: 'Record a training session (培训班) and its participants',
    tag: 'training',
    body: { name: 'CreateTrainingSessionRequest', schema: createTrainingSessionSchema },
    success: {
      status: 201,
      description: 'recorded',
      content: session,
      headers: { Location: { description: 'the session', schema: { type: 'string' } } },
    },
    errors: { 409: ['training.already_exists'] },
  }),
  list: declareRoute({
    method: 'get',
    base: '/api/v1',
    path: '/training-sessions',
    access: readers,
    operationId: 'listTrainingSessions',
    summary: 'List training sessions, latest first, with cursor pagination and filters',
    tag: 'training',
    query: trainingListQuerySchema,
    success: { status: 200, description: 'one page', content: { 'application/json': trainingSessionListSchema } },
    errors: {},
  }),
  get: declareRoute({
    method: 'get',
    base: '/api/v1',
    path: '/training-sessions/:id',
    access: readers,
    operationId: 'getTrainingSession',
    summary: 'A training session with its participants and evaluation',
    tag: 'training',
    params: sessionParams,
    success: { status: 200, description: 'the session', content: session },
    errors: { 404: ['training.not_found'] },
  }),
  recordEvaluation: declareRoute({
    ...evaluationRoute,
    method: 'post',
    operationId: 'recordTrainingEvaluation',
    summary: 'Record the evaluation of a session (teaching quality, learning tests), once',
    success: { status: 201, description: 'recorded', content: session },
    errors: { ...evaluationErrors, 409: ['training.already_evaluated'] },
  }),
  replaceEvaluation: declareRoute({
    ...evaluationRoute,
    method: 'put',
    operationId: 'replaceTrainingEvaluation',
    summary: 'Record or correct the evaluation of a session',
    success: { status: 200, description: 'replaced', content: session },
    errors: evaluationErrors,
    otherResponses: { 201: { description: 'recorded (there was none)', content: session } },
  }),
  personRecord: declareRoute({
    method: 'get',
    base: '/api/v1',
    path: '/people/:personId/training',
    access: readers,
    operationId: 'personRecord',
    summary: "A person's cadre record: training, appointments, rank changes",
    tag: 'training',
    params: z.object({ personId: z.string().min(1).describe('person id') }),
    success: { status: 200, description: 'the record', content: { 'application/json': personRecordSchema } },
    errors: {},
  }),
};
export const trainingAccess = accessOf(Object.values(trainingEndpoints));

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

  mount(router, trainingEndpoints.create, async (req, res) => {
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

  mount(router, trainingEndpoints.list, async (req, res) => {
    const query = parse(trainingListQuerySchema, req.query);
    const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
    const { items, next } = await training.list({ ...query, cursor });
    res.json({ items: await withDue(items), nextCursor: next ? encodeCursor(next) : null });
  });

  mount(router, trainingEndpoints.get, async (req, res) => {
    res.json(await detail(req.params.id));
  });

  /** POST records the evaluation once; PUT records it or replaces it (a correction). */
  for (const route of [trainingEndpoints.recordEvaluation, trainingEndpoints.replaceEvaluation]) {
    const method = route.method;
    mount(router, route, async (req, res) => {
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

  mount(router, trainingEndpoints.personRecord, async (req, res) => {
    const record = await training.personRecord(req.params.personId);
    res.json({ ...record, training: await withDue(record.training) });
  });

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
