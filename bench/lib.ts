import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signToken } from '../runtime/tokens';
import { pino } from 'pino';
import { loadConfig } from '../config/config';
import { migrateDatabase } from '../db/migrate';
import type { Actor, Role } from '../domain/roles';
import { startApiServer } from '../runtime/api-server';
import { freePort } from '../runtime/ports';
import { startEmbeddedPostgres } from '../runtime/postgres';
import { temporalDataConverter } from '../runtime/payload-codec';
import { connectClient } from '../runtime/temporal';
import { startTemporalDevServer } from '../runtime/temporal-dev';
import { startWorker } from '../runtime/worker-process';

export const secret = 'bench-secret-that-is-at-least-32-characters';

export function jwt(role: Role, { sub = 'bench', ...claims }: Omit<Actor, 'id' | 'roles'> & { sub?: string } = {}) {
  return signToken(secret, { id: sub, roles: [role], ...claims }, '2h');
}

/** Real PostgreSQL, Temporal dev server, worker and API in this process, as `npm start` runs them. */
export async function startBenchStack() {
  const dir = mkdtempSync(join(tmpdir(), 'xuanren-bench-'));
  const [pg, temporal] = await Promise.all([
    freePort().then((port) => startEmbeddedPostgres({ dataDir: join(dir, 'pg'), port })),
    freePort().then((port) => startTemporalDevServer({ port })),
  ]);
  await migrateDatabase(pg.url);
  const config = loadConfig({
    // The dev key is generated there, as `npm start` generates it into its DATA_DIR.
    DATA_DIR: dir,
    AUTH_JWT_SECRET: secret,
    TEMPORAL_TASK_QUEUE: 'bench',
    LOG_LEVEL: 'silent',
    WORKER_METRICS_PORT: '0',
  });
  const logger = pino({ level: process.env.BENCH_LOG_LEVEL ?? 'silent' });
  const worker = await startWorker({ config, databaseUrl: pg.url, temporalAddress: temporal.address, logger });
  const api = await startApiServer({
    config,
    databaseUrl: pg.url,
    temporalAddress: temporal.address,
    auth: { secret, maxTokenLifetimeSeconds: config.authMaxTokenLifetime },
    logger,
    port: 0,
  });
  const { client, connection } = await connectClient(temporal.address, config);
  return {
    api,
    client,
    /** For a worker of the bench's own: it decrypts what the stack's client encrypts. */
    dataConverter: temporalDataConverter(config),
    temporalAddress: temporal.address,
    databaseUrl: pg.url,
    /** Its DATA_DIR, with the dev payload key that a worker process of the bench must share. */
    dataDir: dir,
    async stop() {
      await api.stop();
      await worker.stop();
      await connection.close();
      await Promise.all([temporal.stop(), pg.stop()]);
    },
  };
}

export function percentile(sorted: number[], p: number) {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Runs `task` `total` times with `concurrency` in flight; returns per-call latencies (ms) and throughput (/s). */
export async function load(total: number, concurrency: number, task: (i: number) => Promise<void>, label: string) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const t = performance.now();
        await task(i);
        latencies.push(performance.now() - t);
        if (latencies.length % 50 === 0) process.stdout.write(`\r  ${label}: ${latencies.length}/${total}`);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(`\r  ${label}: ${total}/${total} done in ${seconds.toFixed(1)} s\n`);
  latencies.sort((a, b) => a - b);
  return {
    throughput: Number((total / seconds).toFixed(1)),
    p50: Number(percentile(latencies, 50).toFixed(1)),
    p99: Number(percentile(latencies, 99).toFixed(1)),
  };
}
