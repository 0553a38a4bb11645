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

  async function request(
    method: string,
    path: string,
    opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  ) {
    const res = await fetch(`${api.url}${path}`, {
      method,
      headers: {
        ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
        ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...opts.headers,
      },
      ...(opts.body !== undefined
        ? { body: typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body) }
        : {}),
    });
    const text = await res.text();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const body: any = text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
    return { status: res.status, headers: res.headers, body };
  }

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

export function batchBody(id: string, overrides: Record<string, unknown> = {}) {
  return {
    id,
    title: '2026年第一批干部选拔',
    year: 2026,
    orgUnit: 'HQ',
    positions: [
      { id: 'p1', title: '办公室主任', orgUnit: '办公室', level: '正处' },
      { id: 'p2', title: '人事科科长', orgUnit: '人事处', level: '正科' },
    ],
    candidates: [
      { personId: 'c1', name: '王一', branchId: 'b1', positionId: 'p1' },
      { personId: 'c2', name: '李二', branchId: 'b2', positionId: 'p2' },
    ],
    partyGroup: [
      { memberId: 'm1', name: '书记', isSecretary: true },
      { memberId: 'm2', name: '成员二' },
      { memberId: 'm3', name: '成员三' },
      { memberId: 'm4', name: '成员四' },
      { memberId: 'm5', name: '成员五' },
    ],
    ...overrides,
  };
}
