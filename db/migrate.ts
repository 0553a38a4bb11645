import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { seedOfficialCalendar } from './calendar-seed';
import * as schema from './schema';

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
