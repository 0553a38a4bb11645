import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { seedOfficialCalendar } from './calendar-seed';
import * as schema from './schema';

export type Db = PostgresJsDatabase<typeof schema>;

export interface Database {
  db: Db;
  sql: postgres.Sql;
  close(): Promise<void>;
}

export function connectDatabase(url: string, { max = 10 }: { max?: number } = {}): Database {
  const sql = postgres(url, {
    max,
    onnotice: () => {},
    connect_timeout: 5,
    // Fail a query fast when the server is gone instead of hanging: callers retry (activities) or answer 503 (API).
    idle_timeout: 30,
    // Reconnect quickly after an outage instead of postgres.js's default backoff (up to 20 s per connection).
    backoff: (attempt: number) => Math.min(0.1 * 2 ** attempt, 2),
  });
  return { db: drizzle(sql, { schema, casing: 'snake_case' }), sql, close: () => sql.end({ timeout: 5 }) };
}

const migrationsFolder = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Applies the committed drizzle-kit migrations; an advisory lock lets several processes start at once. */
export async function migrateDatabase(url: string) {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql`select pg_advisory_lock(727274)`;
    await migrate(drizzle(sql), { migrationsFolder });
    await seedOfficialCalendar(drizzle(sql, { schema, casing: 'snake_case' }));
  } finally {
    await sql.end({ timeout: 5 });
  }
}
