import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from './schema';

export type Db = PostgresJsDatabase<typeof schema>;

export interface Database {
  db: Db;
  sql: postgres.Sql;
  /** Resolves once PostgreSQL answers a trivial query (readiness probes). */
  ping(): Promise<void>;
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
  return {
    db: drizzle(sql, { schema, casing: 'snake_case' }),
    sql,
    ping: async () => {
      await sql`select 1`;
    },
    close: () => sql.end({ timeout: 5 }),
  };
}
