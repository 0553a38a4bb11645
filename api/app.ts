import { randomUUID } from 'node:crypto';
import cors from 'cors';
import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { authenticate } from './auth';
import { batchesRoutes } from './batches.routes';
import { calendarRoutes } from './calendar.routes';
import { codecRoutes } from './codec.routes';
import { commandsRoutes } from './commands.routes';
import { rankBatchesRoutes } from './rank-batches.routes';
import { reportsRoutes } from './reports.routes';
import { trainingRoutes } from './training.routes';
import { inboxRoutes } from './inbox.routes';
import { accessLog } from './access-log';
import { healthRoutes } from './health.routes';
import { metricsMiddleware, metricsRouter } from './metrics';
import { openApiRoutes } from './openapi';
import { idempotency } from './idempotency';
import { Problem, problems, sendProblem } from './problem';
import type { AppDeps } from './deps';

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use((req, res, next) => {
    req.requestId = (typeof req.headers['x-request-id'] === 'string' && req.headers['x-request-id']) || randomUUID();
    res.setHeader('X-Request-Id', req.requestId);
    next();
  });
  app.use(accessLog(deps.logger));
  app.use(metricsMiddleware());
  app.use((req, _res, next) => {
    // PostgreSQL text cannot hold U+0000: refuse it in the path or query before it reaches a query.
    if (/%00/.test(req.url)) throw problems.validation([{ path: '(url)', message: 'may not contain U+0000' }]);
    next();
  });
  app.use(helmet());
  // Before the API's CORS and body limit: the Temporal UI's origin calls it, with history-sized bodies.
  app.use('/codec', codecRoutes(deps));
  if (deps.corsOrigins?.length)
    app.use(cors({ origin: deps.corsOrigins, exposedHeaders: ['X-Request-Id', 'Location'] }));
  app.use(requestTimeout(deps.requestTimeoutMs ?? 15_000));
  app.use((req, _res, next) => {
    if (req.headers['content-type'] !== undefined && req.is(['application/json', 'application/*+json']) === false)
      throw new Problem(415, 'request.unsupported_media_type', 'send the body as application/json');
    next();
  });
  app.use(express.json({ limit: '1mb', type: ['application/json', 'application/*+json'] }));
  app.use(healthRoutes(deps));
  app.use(openApiRoutes());
  app.use(metricsRouter());
  app.use('/api/v1', authenticate(deps.verifyToken));
  app.use('/api/v1', idempotency(deps.database.db));
  app.use('/api/v1', batchesRoutes(deps));
  app.use('/api/v1', calendarRoutes(deps));
  app.use('/api/v1', commandsRoutes(deps));
  app.use('/api/v1', rankBatchesRoutes(deps));
  app.use('/api/v1', reportsRoutes(deps));
  app.use('/api/v1', trainingRoutes(deps));
  app.use('/api/v1', inboxRoutes(deps));
  app.use((req) => {
    throw problems.notFound('route', `${req.method} ${req.path}`);
  });
  app.use(errorHandler(deps.logger));
  return app;
}

/** A request still unanswered after `ms` gets 503 instead of hanging (e.g. while PostgreSQL or Temporal is down). */
function requestTimeout(ms: number): RequestHandler {
  return (req, res, next) => {
    const timer = setTimeout(() => {
      if (res.headersSent) return;
      res.setHeader('Retry-After', '5');
      sendProblem(req, res, {
        code: 'request.timeout',
        status: 503,
        detail: `no answer within ${ms} ms; a backing service may be slow or down, retry shortly`,
      });
    }, ms);
    res.once('finish', () => clearTimeout(timer));
    res.once('close', () => clearTimeout(timer));
    next();
  };
}

function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) return next(err);
    const problem = toProblem(err);
    if (problem.status >= 500) logger.error({ err, requestId: req.requestId }, 'request failed');
    sendProblem(req, res, {
      code: problem.code,
      status: problem.status,
      detail: problem.message,
      ...(problem.errors ? { errors: problem.errors } : {}),
      ...problem.extra,
    });
  };
}

function toProblem(err: unknown): Problem {
  if (err instanceof Problem) return err;
  const e = err as { type?: string; status?: number; code?: string; name?: string };
  if (e?.type === 'entity.parse.failed')
    return new Problem(400, 'request.malformed_json', 'the body is not valid JSON');
  if (e?.type === 'entity.too.large') return new Problem(413, 'request.too_large', 'the body is larger than 1 MB');
  if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported')
    return new Problem(415, 'request.unsupported_encoding', 'unsupported body encoding');
  if (isUnavailable(err)) return problems.unavailable('a backing service is unreachable; retry shortly');
  return new Problem(500, 'internal', 'internal error');
}

/** PostgreSQL or Temporal down: the client may retry, so 503 rather than 500. */
function isUnavailable(err: unknown): boolean {
  const e = err as { code?: string; name?: string; cause?: unknown };
  const codes = [
    'ECONNREFUSED',
    'ECONNRESET',
    'ETIMEDOUT',
    'CONNECT_TIMEOUT',
    'CONNECTION_CLOSED',
    'CONNECTION_ENDED',
    '57P01',
    '57P03',
  ];
  if (e?.code && codes.includes(e.code)) return true;
  if (e?.name === 'ServiceError' || e?.name === 'ConnectionError') return true;
  return e?.cause ? isUnavailable(e.cause) : false;
}
