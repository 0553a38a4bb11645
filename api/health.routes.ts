import { Router } from 'express';
import type { AppDeps } from './deps';

export function healthRoutes({ database, temporal }: Pick<AppDeps, 'database' | 'temporal'>) {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
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
