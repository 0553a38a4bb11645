import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { migrateDatabase } from '../db/client';
import { freePort } from '../runtime/ports';
import { startEmbeddedPostgres } from '../runtime/postgres';
import { startTemporalDevServer } from '../runtime/temporal-dev';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    temporalAddress: string;
  }
}

/** One real PostgreSQL and one real Temporal dev server for the whole run; each test file isolates itself. */
export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'xuanren-test-'));
  const started = Date.now();
  const [pg, temporal] = await Promise.all([
    freePort().then((port) => startEmbeddedPostgres({ dataDir: join(dir, 'pg'), port })),
    freePort().then((port) => startTemporalDevServer({ port })),
  ]);
  await migrateDatabase(pg.url);
  console.log(`[setup] PostgreSQL ${pg.url} and Temporal ${temporal.address} ready in ${Date.now() - started} ms`);
  project.provide('databaseUrl', pg.url);
  project.provide('temporalAddress', temporal.address);
  return async () => {
    await Promise.all([temporal.stop(), pg.stop()]);
    rmSync(dir, { recursive: true, force: true });
  };
}
