import { randomUUID } from 'node:crypto';
import type { AuthOptions } from '../../api/auth';
import { signToken } from '../../runtime/tokens';
import { pino } from 'pino';
import { inject } from 'vitest';
import { loadConfig } from '../../config/config';
import { connectDatabase } from '../../db/client';
import type { Role } from '../../domain/roles';
import { startApiServer } from '../../runtime/api-server';
import { connectClient } from '../../runtime/temporal';
import { startWorker } from '../../runtime/worker-process';
import { testPayloadKeys } from './temporal-env';
import { httpClient } from '../../testkit/http';

export { batchBody } from '../../testkit/selection-plans';

export const testSecret = 'test-secret-that-is-at-least-32-characters-long';
/** What the test APIs verify tokens with: the test secret and the default AUTH_MAX_TOKEN_LIFETIME. */
export const testAuth: AuthOptions = {
  secret: testSecret,
  maxTokenLifetimeSeconds: loadConfig({}).authMaxTokenLifetime,
};

export interface TokenClaims {
  sub?: string;
  personId?: string;
  branchId?: string;
  memberId?: string;
  name?: string;
}

export function token(roles: Role | Role[], claims: TokenClaims = {}) {
  const { sub = 'tester', ...rest } = claims;
  return signToken(testSecret, { id: sub, roles: Array.isArray(roles) ? roles : [roles], ...rest }, '1h');
}

/**
 * The real API, worker, Temporal and PostgreSQL, on a task queue of this test file's own. Tests run public notices
 * in seconds: the API accepts ruleset.timerScale (ALLOW_SCALED_TIMERS).
 */
export async function startStack({
  temporalAddress = inject('temporalAddress'),
  port = 0,
  temporalUiUrl,
  codecWithoutTokenFromUi,
  env = {},
}: {
  temporalAddress?: string;
  /** The API's port (0: any free one). */
  port?: number;
  /** A Temporal UI whose origin may call the API's codec endpoint. */
  temporalUiUrl?: string | undefined;
  codecWithoutTokenFromUi?: boolean;
  /** Further configuration variables (e.g. ROLE_SIGNALS) for the test's API and worker. */
  env?: Record<string, string>;
} = {}) {
  const databaseUrl = inject('databaseUrl');
  const taskQueue = `test-${randomUUID()}`;
  const config = loadConfig({
    ...env,
    TEMPORAL_TASK_QUEUE: taskQueue,
    AUTH_JWT_SECRET: testSecret,
    TEMPORAL_PAYLOAD_KEYS: testPayloadKeys,
    LOG_LEVEL: 'silent',
    ALLOW_SCALED_TIMERS: 'true',
  });
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const worker = await startWorker({ config, databaseUrl, temporalAddress, logger });
  const api = await startApiServer({
    config,
    databaseUrl,
    temporalAddress,
    auth: testAuth,
    logger,
    port,
    temporalUiUrl,
    ...(codecWithoutTokenFromUi ? { codecWithoutTokenFromUi } : {}),
  });
  const temporal = await connectClient(temporalAddress, config);
  const database = connectDatabase(databaseUrl, { max: 2 });

  const { request } = httpClient({ urls: api.url });

  return {
    api,
    taskQueue,
    client: temporal.client,
    database,
    request,
    async stop() {
      await api.stop();
      await worker.stop();
      await temporal.connection.close();
      await database.close();
    },
  };
}

export type Stack = Awaited<ReturnType<typeof startStack>>;

export const uniqueId = (prefix = 't') => `${prefix}-${randomUUID().slice(0, 8)}`;
