import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type ErrorRequestHandler, type Router } from 'express';
import { pino } from 'pino';
import { createApp } from '../../api/app';
import type { AppDeps } from '../../api/deps';
import { authenticate, createTokenVerifier } from '../../api/auth';
import { Problem } from '../../api/problem';
import { httpClient } from '../../testkit/http';
import { testAuth, type Stack } from './stack';

/**
 * The real app (createApp) with extra routers in front of it, on its own port, over the stack's Temporal client,
 * worker and database: the routes are exercised over HTTP before api/app.ts mounts them (then this layer is
 * redundant, never in the way). Errors of the extra routes render as problem+json, as the app renders them.
 */
export async function serveWith(stack: Stack, routers: ((deps: AppDeps) => Router)[]) {
  const deps: AppDeps = {
    database: stack.database,
    temporal: stack.client,
    taskQueue: stack.taskQueue,
    verifyToken: createTokenVerifier(testAuth),
    logger: pino({ level: 'silent' }),
    // As the stack's own API: tests run public notices in seconds.
    allowScaledTimers: true,
  };
  const app = express();
  app.use((req, _res, next) => {
    req.requestId = randomUUID();
    next();
  });
  app.use(express.json({ limit: '1mb', type: ['application/json', 'application/*+json'] }));
  app.use('/api/v1', authenticate(deps.verifyToken));
  for (const routes of routers) app.use('/api/v1', routes(deps));
  app.use(createApp(deps));
  app.use(((err: unknown, req, res, _next) => {
    const problem = err instanceof Problem ? err : new Problem(500, 'internal', 'internal error');
    if (problem.status >= 500) console.error(err);
    res
      .status(problem.status)
      .type('application/problem+json')
      .json({
        status: problem.status,
        code: problem.code,
        detail: problem.message,
        instance: req.originalUrl,
        ...(problem.errors ? { errors: problem.errors } : {}),
      });
  }) satisfies ErrorRequestHandler);
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const { request } = httpClient({ urls: url });

  return {
    url,
    request,
    stop: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
