import { z } from 'zod';
import { roleSignalPolicies } from '../domain/events';

/**
 * The only reader of process.env. Each key: its variable, schema, default and what it is for.
 * A bad value fails fast at startup with the variable's name.
 */
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const port = z.coerce.number().int().min(0).max(65535);
const durationUnits = { s: 1, m: 60, h: 3600, d: 86_400 } as const;
/** `90`, `90s`, `30m`, `12h`, `1d` → seconds. */
export const durationSeconds = z
  .string()
  .regex(/^\d+[smhd]?$/, 'a whole number of seconds, or one with a unit: 90s, 30m, 12h, 1d')
  .transform((v) => {
    const unit = /[smhd]$/.test(v) ? (v.at(-1) as keyof typeof durationUnits) : 's';
    return Number.parseInt(v, 10) * durationUnits[unit];
  })
  .pipe(z.number().int().min(60, 'at least 60 s'));

/** `id:base64key,…` — AES-256 keys for Temporal payloads; the first encrypts, every one decrypts (rotation). */
export const payloadKeysSchema = z
  .string()
  .transform((v) =>
    v
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean),
  )
  .pipe(
    z
      .array(
        z
          .string()
          .regex(
            /^[A-Za-z0-9._-]{1,64}:[A-Za-z0-9+/_-]+={0,2}$/,
            'each key must be "id:base64" (id: letters, digits, . _ -)',
          )
          .transform((entry) => {
            const at = entry.indexOf(':');
            return { id: entry.slice(0, at), key: Buffer.from(entry.slice(at + 1), 'base64') };
          })
          .refine(({ key }) => key.length === 32, 'each key must be 32 bytes (openssl rand -base64 32)'),
      )
      .min(1)
      .refine((keys) => new Set(keys.map((k) => k.id)).size === keys.length, 'key ids must be unique'),
  );

export const configKeys = {
  port: { env: 'PORT', schema: port, default: '3000', doc: 'HTTP port of the API' },
  host: { env: 'HOST', schema: z.string().min(1), default: '127.0.0.1', doc: 'Interface the API binds to' },
  dataDir: {
    env: 'DATA_DIR',
    schema: z.string().min(1),
    default: '.data',
    doc: 'Embedded data: PostgreSQL cluster, Temporal SQLite file, dev JWT secret and dev payload key',
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
    doc: 'Token sent to Temporal as `authorization: Bearer …` (Temporal Cloud API key, or a JWT for a server with its own authorization)',
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
  temporalPayloadKeys: {
    env: 'TEMPORAL_PAYLOAD_KEYS',
    schema: payloadKeysSchema.optional(),
    default: undefined,
    secret: true,
    doc: 'AES-256-GCM keys of Temporal payloads, "id:base64,…": the first encrypts, all decrypt; unset: a dev key is generated into DATA_DIR',
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
  authMaxTokenLifetime: {
    env: 'AUTH_MAX_TOKEN_LIFETIME',
    schema: durationSeconds,
    default: '12h',
    doc: 'Longest lifetime (exp − iat) of a bearer token the API accepts; a token without `exp` is refused',
  },
  roleSignals: {
    env: 'ROLE_SIGNALS',
    schema: z.enum(roleSignalPolicies),
    default: 'accept',
    doc: 'refuse: batches started by this API refuse role-bearing Temporal signals (SIGNAL_REJECTED, channel.disabled)',
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
      const shown = 'secret' in spec ? '(not shown)' : JSON.stringify(raw);
      throw new ConfigError(`${spec.env}=${shown} is invalid: ${parsed.error.issues[0]?.message}`);
    }
    out[key] = parsed.data;
  }
  const config = out as Config;
  // An API key implies TLS (Temporal Cloud) unless TEMPORAL_TLS=false says otherwise (a plain-gRPC server with its
  // own JWT authorization, as `npm run cluster` runs); a client certificate always does.
  const tlsStated = env.TEMPORAL_TLS !== undefined && env.TEMPORAL_TLS !== '';
  if ((config.temporalApiKey && !tlsStated) || config.temporalTlsCert) config.temporalTls = true;
  if (Boolean(config.temporalTlsCert) !== Boolean(config.temporalTlsKey)) {
    throw new ConfigError('TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY must be set together');
  }
  return config;
}
