import { z } from 'zod';

/**
 * The only reader of process.env. Each key: its variable, schema, default and what it is for.
 * A bad value fails fast at startup with the variable's name.
 */
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const port = z.coerce.number().int().min(0).max(65535);

export const configKeys = {
  port: { env: 'PORT', schema: port, default: '3000', doc: 'HTTP port of the API' },
  host: { env: 'HOST', schema: z.string().min(1), default: '127.0.0.1', doc: 'Interface the API binds to' },
  dataDir: {
    env: 'DATA_DIR',
    schema: z.string().min(1),
    default: '.data',
    doc: 'Embedded data: PostgreSQL cluster, Temporal SQLite file, dev JWT secret',
  },
  databaseUrl: {
    env: 'DATABASE_URL',
    schema: z.url().optional(),
    default: undefined,
    doc: 'PostgreSQL URL; unset: embedded PostgreSQL under DATA_DIR',
  },
  embeddedPgPort: { env: 'EMBEDDED_PG_PORT', schema: port, default: '5488', doc: 'Port of the embedded PostgreSQL' },
  temporalAddress: {
    env: 'TEMPORAL_ADDRESS',
    schema: z.string().min(1).optional(),
    default: undefined,
    doc: 'Temporal frontend host:port; unset: the Temporal dev server is started',
  },
  temporalNamespace: {
    env: 'TEMPORAL_NAMESPACE',
    schema: z.string().min(1),
    default: 'default',
    doc: 'Temporal namespace',
  },
  temporalTaskQueue: {
    env: 'TEMPORAL_TASK_QUEUE',
    schema: z.string().min(1),
    default: 'xuanren',
    doc: 'Task queue of the worker',
  },
  temporalTls: {
    env: 'TEMPORAL_TLS',
    schema: bool,
    default: 'false',
    doc: 'Use TLS to reach Temporal (implied by an API key or client cert)',
  },
  temporalTlsCert: {
    env: 'TEMPORAL_TLS_CERT',
    schema: z.string().min(1).optional(),
    default: undefined,
    doc: 'Path of the mTLS client certificate (PEM)',
  },
  temporalTlsKey: {
    env: 'TEMPORAL_TLS_KEY',
    schema: z.string().min(1).optional(),
    default: undefined,
    doc: 'Path of the mTLS client key (PEM)',
  },
  temporalApiKey: {
    env: 'TEMPORAL_API_KEY',
    schema: z.string().min(1).optional(),
    default: undefined,
    doc: 'Temporal Cloud API key',
  },
  temporalDevPort: {
    env: 'TEMPORAL_DEV_PORT',
    schema: port,
    default: '7233',
    doc: 'Frontend port of the embedded Temporal dev server',
  },
  temporalUiPort: {
    env: 'TEMPORAL_UI_PORT',
    schema: port,
    default: '8233',
    doc: 'Web UI port of the embedded Temporal dev server',
  },
  temporalUiUrl: {
    env: 'TEMPORAL_UI_URL',
    schema: z.url().optional(),
    default: undefined,
    doc: 'Where operators open the Temporal UI (printed, linked)',
  },
  jwtSecret: {
    env: 'AUTH_JWT_SECRET',
    schema: z.string().min(32).optional(),
    default: undefined,
    doc: 'HS256 secret for bearer tokens; unset and no JWKS: a dev secret is generated into DATA_DIR',
  },
  jwksUrl: {
    env: 'AUTH_JWKS_URL',
    schema: z.url().optional(),
    default: undefined,
    doc: 'JWKS URL of the identity provider (production)',
  },
  jwtIssuer: {
    env: 'AUTH_ISSUER',
    schema: z.string().min(1).optional(),
    default: undefined,
    doc: 'Required `iss` claim, if set',
  },
  jwtAudience: {
    env: 'AUTH_AUDIENCE',
    schema: z.string().min(1).optional(),
    default: undefined,
    doc: 'Required `aud` claim, if set',
  },
  corsOrigins: {
    env: 'CORS_ORIGINS',
    schema: z
      .string()
      .transform((v) =>
        v
          .split(',')
          .map((o) => o.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.url())),
    default: '',
    doc: 'Comma-separated origins allowed by CORS (none by default)',
  },
  requestTimeoutMs: {
    env: 'REQUEST_TIMEOUT_MS',
    schema: z.coerce.number().int().min(1000).max(300_000),
    default: '15000',
    doc: 'An API request still unanswered after this gets 503 problem+json',
  },
  workerMaxCachedWorkflows: {
    env: 'WORKER_MAX_CACHED_WORKFLOWS',
    schema: z.coerce.number().int().min(0).max(100_000),
    default: '200',
    doc: 'Batches a worker keeps in memory between tasks (others are replayed from history when they wake)',
  },
  workerMetricsPort: {
    env: 'WORKER_METRICS_PORT',
    schema: port,
    default: '9464',
    doc: 'Prometheus port of the worker process (0: off)',
  },
  allowScaledTimers: {
    env: 'ALLOW_SCALED_TIMERS',
    schema: bool,
    default: 'false',
    doc:
      'Tests, drills and demos only: accept ruleset.timerScale < 1, which shortens every legal period (公示, 试用期, ' +
      'deadlines) to seconds. Off (production): such a batch is refused with 422 ruleset.timer_scale_disabled',
  },
  logLevel: {
    env: 'LOG_LEVEL',
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
    default: 'info',
    doc: 'pino log level',
  },
} as const;

type Keys = typeof configKeys;
export type Config = { -readonly [K in keyof Keys]: z.output<Keys[K]['schema']> };

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(configKeys)) {
    const raw = env[spec.env] === '' ? undefined : (env[spec.env] ?? spec.default);
    const parsed = (spec.schema as z.ZodType).safeParse(raw);
    if (!parsed.success) {
      throw new ConfigError(`${spec.env}=${JSON.stringify(raw)} is invalid: ${parsed.error.issues[0]?.message}`);
    }
    out[key] = parsed.data;
  }
  const config = out as Config;
  if (config.temporalApiKey || config.temporalTlsCert) config.temporalTls = true;
  if (Boolean(config.temporalTlsCert) !== Boolean(config.temporalTlsKey)) {
    throw new ConfigError('TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY must be set together');
  }
  return config;
}
