// The production topology on one machine, without Docker: PostgreSQL, the full Temporal server persisting to it,
// the namespace and search attributes, migrations, then N worker and M API processes, each its own OS process
// with the variables docker-compose.yml gives its containers. Used by `npm run cluster` (bin/cluster.ts), the
// fault tests (test/faults) and the benchmarks.
import { join, resolve } from 'node:path';
import { Connection } from '@temporalio/client';
import { migrateDatabase } from '../../db/migrate';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../postgres';
import { setupTemporal } from '../temporal-setup';
import { projectRoot } from '../tools';
import { ensureTemporalServer, type TemporalServerTools } from './build';
import { workerHeapMb } from '../worker-heap';
import { SupervisedProcess } from './processes';
import { startTemporalAuth, systemScope, type TemporalAuth } from './temporal-auth';
import { setupTemporalSchema, temporalServerProcess, writeServerConfig, type SqlEndpoint } from './temporal-server';

export interface ClusterOptions {
  /** Everything the cluster keeps: PostgreSQL data, the server's config, logs (DATA_DIR/cluster). */
  dir: string;
  workers: number;
  apis: number;
  /** First API port; API i listens on apiPort + i. */
  apiPort: number;
  /** Temporal frontend port; the server's other listeners take the next 9. */
  temporalPort: number;
  /** Port of the embedded PostgreSQL (unused with databaseUrl). */
  postgresPort: number;
  /** An existing PostgreSQL (DATABASE_URL); its user must be allowed to create the Temporal databases. */
  databaseUrl?: string;
  /**
   * Embedded only: Temporal persists to a second PostgreSQL (postgresPort + 1) instead of sharing xuanren's.
   * The fault tests use it to take xuanren's database away while Temporal keeps running.
   */
  separateTemporalPostgres?: boolean;
  namespace: string;
  taskQueue: string;
  /** Variables for the worker and API processes on top of this process's environment (AUTH_JWT_SECRET, …). */
  env?: Record<string, string>;
  /** First worker Prometheus port (worker i: workerMetricsPort + i); 0 turns the exporters off. */
  workerMetricsPort?: number;
  temporalLogLevel?: 'debug' | 'info' | 'warn' | 'error';
  /** Progress and lifecycle messages. */
  log?: (line: string) => void;
  /** Every output line of the child processes, with the process's name. */
  onChildLine?: (name: string, line: string) => void;
  /** Aborts the start: what was started is stopped, and startCluster rejects with ClusterStartAborted. */
  signal?: AbortSignal;
}

export class ClusterStartAborted extends Error {
  override name = 'ClusterStartAborted';
  constructor() {
    super('the cluster start was aborted');
  }
}

/** PostgreSQL the cluster started (stoppable and restartable: the fault tests take it away), or one it was given. */
export class ClusterPostgres {
  private server: EmbeddedPostgres | undefined;
  constructor(
    readonly url: string,
    readonly sql: SqlEndpoint,
    private readonly embedded?: { dataDir: string; port: number; log: (line: string) => void },
  ) {}

  static embedded(dataDir: string, port: number, log: (line: string) => void) {
    return new ClusterPostgres(`postgres://xuanren:xuanren@127.0.0.1:${port}/xuanren`, sqlEndpoint(port), {
      dataDir,
      port,
      log,
    });
  }

  get running() {
    return this.server !== undefined;
  }
  get isEmbedded() {
    return this.embedded !== undefined;
  }

  async start() {
    if (!this.embedded) throw new Error('this PostgreSQL was given by DATABASE_URL: the cluster cannot start it');
    if (this.server) return;
    this.server = await startEmbeddedPostgres({
      dataDir: this.embedded.dataDir,
      port: this.embedded.port,
      log: this.embedded.log,
    });
  }

  async stop() {
    if (!this.embedded) throw new Error('this PostgreSQL was given by DATABASE_URL: the cluster cannot stop it');
    const server = this.server;
    this.server = undefined;
    await server?.stop();
  }
}

/** The credentials runtime/postgres.ts gives an embedded cluster (its superuser). */
function sqlEndpoint(port: number): SqlEndpoint {
  return { host: '127.0.0.1', port, user: 'xuanren', password: 'xuanren' };
}

function endpointOf(url: string): SqlEndpoint {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
  };
}

export interface Cluster {
  dir: string;
  databaseUrl: string;
  temporalAddress: string;
  namespace: string;
  taskQueue: string;
  apiUrls: string[];
  /** xuanren's PostgreSQL. */
  postgres: ClusterPostgres;
  /** Temporal's PostgreSQL: the same object as `postgres` unless separateTemporalPostgres. */
  temporalPostgres: ClusterPostgres;
  temporal: SupervisedProcess;
  workers: SupervisedProcess[];
  apis: SupervisedProcess[];
  tools: TemporalServerTools;
  /** The Temporal server's JWT authorization: its JWKS and the key that signs its tokens. */
  temporalAuth: TemporalAuth;
  /** A connection to the Temporal server with a token of its own (by default the launcher's: cluster admin). */
  connectTemporal(permissions?: string[]): Promise<Connection>;
  /** Seconds spent in each phase of the start. */
  timings: Record<string, number>;
  /** Starts one more worker process (worker-N+1). */
  addWorker(): Promise<SupervisedProcess>;
  /** Stops everything in order: APIs, workers, the Temporal server, PostgreSQL. */
  stop(): Promise<void>;
}

const workerNodeFlags = [`--max-old-space-size=${workerHeapMb}`];
/**
 * Lifetime of the tokens the workers and APIs present to Temporal (TEMPORAL_API_KEY, fixed for a process's life):
 * a cluster running longer is restarted to get new ones.
 */
const serviceTokenSeconds = 30 * 86_400;

export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const log = options.log ?? (() => {});
  const dir = resolve(options.dir);
  const logs = join(dir, 'logs');
  const timings: Record<string, number> = {};
  const started = Date.now();
  // Ctrl-C during the start: stop waiting, and stop what has been started (the catch below).
  const aborted = new Promise<never>((_, reject) => {
    const fail = () => reject(new ClusterStartAborted());
    if (options.signal?.aborted) fail();
    else options.signal?.addEventListener('abort', fail, { once: true });
  });
  aborted.catch(() => undefined);
  const phase = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    if (options.signal?.aborted) throw new ClusterStartAborted();
    const t0 = Date.now();
    try {
      return await Promise.race([work(), aborted]);
    } finally {
      timings[name] = (Date.now() - t0) / 1000;
    }
  };
  const cleanups: (() => Promise<void>)[] = [];
  const cleanup = async () => {
    for (const step of cleanups.splice(0).reverse()) await step().catch(() => undefined);
  };

  try {
    // PostgreSQL's own log stays quiet: its ERRORs are the clients' (Temporal re-creating its system namespace at
    // every start), its FATALs connections refused while it starts or stops.
    const pgLog = (line: string) => (/PANIC/.test(line) ? log(`postgres: ${line}`) : undefined);
    const [tools, postgres, ownTemporalPostgres] = await Promise.all([
      phase('temporal server build', () =>
        ensureTemporalServer({ log, ...(options.signal ? { signal: options.signal } : {}) }),
      ),
      phase('postgres', async () => {
        if (options.databaseUrl)
          return new ClusterPostgres(options.databaseUrl, endpointOf(options.databaseUrl), undefined);
        const pg = ClusterPostgres.embedded(join(dir, 'pg'), options.postgresPort, pgLog);
        const started = pg.start();
        cleanups.push(() => started.then(() => pg.stop()));
        await started;
        return pg;
      }),
      options.separateTemporalPostgres && !options.databaseUrl
        ? phase('temporal postgres', async () => {
            const pg = ClusterPostgres.embedded(join(dir, 'temporal-pg'), options.postgresPort + 1, pgLog);
            const started = pg.start();
            cleanups.push(() => started.then(() => pg.stop()));
            await started;
            return pg;
          })
        : Promise.resolve(undefined),
    ]);
    const temporalPostgres = ownTemporalPostgres ?? postgres;
    log(
      postgres.isEmbedded
        ? `PostgreSQL on 127.0.0.1:${postgres.sql.port} (data in ${join(dir, 'pg')})`
        : `PostgreSQL at ${postgres.sql.host}:${postgres.sql.port} (DATABASE_URL)`,
    );
    if (ownTemporalPostgres) log(`Temporal's own PostgreSQL on 127.0.0.1:${ownTemporalPostgres.sql.port}`);

    await Promise.all([
      phase('temporal schema', () => setupTemporalSchema(tools, temporalPostgres.sql)),
      phase('migrations', () => migrateDatabase(postgres.url)),
    ]);
    log('Temporal schemas (temporal, temporal_visibility) up to date; xuanren database migrated');

    const configDir = join(dir, 'config');
    const temporalAuth = await phase('temporal authorization keys', () =>
      startTemporalAuth(join(dir, 'temporal-auth')),
    );
    cleanups.push(() => temporalAuth.stop());
    writeServerConfig({
      tools,
      configDir,
      sql: temporalPostgres.sql,
      frontendPort: options.temporalPort,
      logLevel: options.temporalLogLevel ?? 'info',
      authorization: { jwksUrl: temporalAuth.jwksUrl },
    });
    const temporal = temporalServerProcess({
      tools,
      authorization: true,
      root: dir,
      frontendPort: options.temporalPort,
      logFile: join(logs, 'temporal.log'),
      onEvent: log,
      onLine: (line) => options.onChildLine?.('temporal', line),
    });
    cleanups.push(() => temporal.stop());
    const temporalAddress = `127.0.0.1:${options.temporalPort}`;
    const connectTemporal = async (permissions = [`${systemScope}:admin`]) =>
      Connection.connect({
        address: temporalAddress,
        tls: false,
        apiKey: await temporalAuth.token({ sub: 'xuanren-launcher', permissions, ttlSeconds: 86_400 }),
      });
    await phase('temporal server start', () => temporal.start());
    log(
      `Temporal server ${tools.version} serving on ${temporalAddress} (config ${join(configDir, 'development.yaml')})`,
    );

    const setup = await phase('namespace and search attributes', async () => {
      const connection = await connectTemporal();
      try {
        return await setupTemporal({ connection, namespace: options.namespace, log: (line) => log(`  ${line}`) });
      } finally {
        await connection.close();
      }
    });
    if (setup.added.length > 0) {
      // The server caches search attribute definitions for 60 s; a restart makes the new ones usable now.
      await phase('temporal restart for search attributes', async () => {
        await temporal.stop();
        await temporal.start();
      });
      log('Temporal server restarted once so that it sees the new search attributes at once');
    }

    // Each service presents a token of its own: write on the namespace (start, signal, update, poll, respond).
    const serviceToken = (sub: string) =>
      temporalAuth.token({ sub, permissions: [`${options.namespace}:write`], ttlSeconds: serviceTokenSeconds });
    const childEnv = (extra: Record<string, string>): NodeJS.ProcessEnv => {
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        ...options.env,
        DATABASE_URL: postgres.url,
        TEMPORAL_ADDRESS: temporalAddress,
        TEMPORAL_NAMESPACE: options.namespace,
        TEMPORAL_TASK_QUEUE: options.taskQueue,
        // This server speaks plain gRPC on localhost: no TLS whatever the shell has; the API key is the service's
        // token for the server's authorizer (extra), sent as `authorization: Bearer …`.
        TEMPORAL_TLS: 'false',
        TEMPORAL_TLS_CERT: '',
        TEMPORAL_TLS_KEY: '',
        TEMPORAL_API_KEY: '',
        ...extra,
      };
      // A worker is ready when it logs "worker polling" (info): its logs go to a file, so info is no burden.
      if (['warn', 'error', 'fatal', 'silent'].includes(env.LOG_LEVEL ?? '')) env.LOG_LEVEL = 'info';
      return env;
    };
    const node = (script: string, nodeFlags: string[] = []) => ({
      command: process.execPath,
      // One process per service (no tsx wrapper process in between), so a kill reaches the service itself.
      args: [...nodeFlags, '--import', 'tsx', join(projectRoot, 'bin', script)],
      cwd: projectRoot,
    });
    const workers: SupervisedProcess[] = [];
    const makeWorker = async () => {
      const i = workers.length + 1;
      const metricsBase = options.workerMetricsPort ?? 0;
      const temporalApiKey = await serviceToken(`xuanren-worker-${i}`);
      const worker = new SupervisedProcess({
        name: `worker-${i}`,
        ...node('worker.ts', workerNodeFlags),
        env: childEnv({
          WORKER_METRICS_PORT: String(metricsBase === 0 ? 0 : metricsBase + i - 1),
          TEMPORAL_API_KEY: temporalApiKey,
        }),
        logFile: join(logs, `worker-${i}.log`),
        readyLine: (line) => line.includes('"msg":"worker polling"'),
        stopGraceMs: 15_000,
        onEvent: log,
        onLine: (line) => options.onChildLine?.(`worker-${i}`, line),
      });
      workers.push(worker);
      cleanups.push(() => worker.stop());
      return worker;
    };
    const apis: SupervisedProcess[] = [];
    const apiUrls: string[] = [];
    for (let i = 0; i < options.apis; i++) {
      const port = options.apiPort + i;
      const url = `http://127.0.0.1:${port}`;
      apiUrls.push(url);
      const api = new SupervisedProcess({
        name: `api-${i + 1}`,
        ...node('api.ts'),
        env: childEnv({
          PORT: String(port),
          HOST: '127.0.0.1',
          TEMPORAL_API_KEY: await serviceToken(`xuanren-api-${i + 1}`),
        }),
        logFile: join(logs, `api-${i + 1}.log`),
        readyProbe: async () => (await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) })).ok,
        stopGraceMs: 15_000,
        onEvent: log,
        onLine: (line) => options.onChildLine?.(`api-${i + 1}`, line),
      });
      apis.push(api);
      cleanups.push(() => api.stop());
    }
    for (let i = 0; i < options.workers; i++) await makeWorker();
    await phase('workers and apis', () => Promise.all([...workers, ...apis].map((p) => p.start())));
    timings.total = (Date.now() - started) / 1000;

    return {
      dir,
      databaseUrl: postgres.url,
      temporalAddress,
      namespace: options.namespace,
      taskQueue: options.taskQueue,
      apiUrls,
      postgres,
      temporalPostgres,
      temporal,
      workers,
      apis,
      tools,
      temporalAuth,
      connectTemporal,
      timings,
      async addWorker() {
        const worker = await makeWorker();
        await worker.start();
        return worker;
      },
      async stop() {
        await Promise.all(apis.map((a) => a.stop()));
        await Promise.all(workers.map((w) => w.stop()));
        await temporal.stop();
        await temporalAuth.stop();
        await Promise.all([...new Set([postgres, temporalPostgres])].filter((p) => p.isEmbedded).map((p) => p.stop()));
        cleanups.length = 0;
      },
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}
