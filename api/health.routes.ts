import { Router } from 'express';
import { z } from 'zod';
import { named } from '../domain/views/view';
import type { AppDeps } from './deps';
import { declareRoute, mount } from './route-declaration';

const healthSchema = named('Health', z.object({ status: z.literal('ok') }));
const readinessSchema = named(
  'Readiness',
  z.object({
    status: z.enum(['ready', 'unavailable']),
    postgres: z.string().describe('`ok`, `timeout` or `down: <reason>`'),
    temporal: z.string().describe('`ok`, `timeout` or `down: <reason>`'),
  }),
);

export const healthEndpoints = {
  health: declareRoute({
    method: 'get',
    base: '',
    path: '/healthz',
    access: 'public',
    operationId: 'health',
    summary: 'Liveness: the process answers',
    tag: 'health',
    success: { status: 200, description: 'alive', content: { 'application/json': healthSchema } },
    errors: {},
  }),
  readiness: declareRoute({
    method: 'get',
    base: '',
    path: '/readyz',
    access: 'public',
    operationId: 'readiness',
    summary: 'Readiness: PostgreSQL and Temporal answer',
    tag: 'health',
    success: { status: 200, description: 'ready', content: { 'application/json': readinessSchema } },
    errors: {},
    otherResponses: {
      503: {
        description: 'not ready: PostgreSQL or Temporal does not answer',
        content: { 'application/json': readinessSchema },
      },
    },
  }),
};

export function healthRoutes({ database, temporal }: Pick<AppDeps, 'database' | 'temporal'>) {
  const router = Router();
  mount(router, healthEndpoints.health, (_req, res) => {
    res.json({ status: 'ok' });
  });
  mount(router, healthEndpoints.readiness, async (_req, res) => {
    const [postgres, temporalCheck] = await Promise.all([
      withTimeout(database.ping().then(() => 'ok')),
      withTimeout(temporal.workflowService.getSystemInfo({}).then(() => 'ok')),
    ]);
    const ready = postgres === 'ok' && temporalCheck === 'ok';
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'unavailable', postgres, temporal: temporalCheck });
  });
  return router;
}

async function withTimeout(check: Promise<string>, ms = 2000): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)));
  try {
    return await Promise.race([check.catch((err: Error) => `down: ${err.message}`), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
