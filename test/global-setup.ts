import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { connectDatabase } from '../db/client';
import { migrateDatabase } from '../db/migrate';
import { calendarYearsTable } from '../db/schema';
import { freePort } from '../runtime/ports';
import { startEmbeddedPostgres } from '../runtime/postgres';
import { startTemporalDevServer } from '../runtime/temporal-dev';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    temporalAddress: string;
  }
}

/**
 * Tests drive real public notices from today's date. Near the end of a year they run into the next one, whose official
 * schedule may not be published yet; stand-in years (weekends and New Year's Day off) keep such tests from waiting.
 * Only in the test database, and never over a year the package (or a test) has loaded.
 */
async function loadStandInYears(url: string) {
  const database = connectDatabase(url, { max: 1 });
  try {
    const years = [2027, 2028, 2029, 2030].map((year) => ({
      year,
      documentRef: null,
      source: 'manual',
      holidays: [`${year}-01-01`],
      workdays: [],
      loadedBy: 'test-setup',
      loadedAt: new Date(),
    }));
    await database.db.insert(calendarYearsTable).values(years).onConflictDoNothing();
  } finally {
    await database.close();
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
  await loadStandInYears(pg.url);
  console.log(`[setup] PostgreSQL ${pg.url} and Temporal ${temporal.address} ready in ${Date.now() - started} ms`);
  project.provide('databaseUrl', pg.url);
  project.provide('temporalAddress', temporal.address);
  return async () => {
    await Promise.all([temporal.stop(), pg.stop()]);
    rmSync(dir, { recursive: true, force: true });
  };
}
