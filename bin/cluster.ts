// The production topology on one machine, without Docker (what docker-compose.yml runs, as plain processes):
// PostgreSQL (embedded, or DATABASE_URL), the full Temporal server on it (built once from the Go module proxy into
// .tools/bin), the namespace and search attributes, migrations, N workers and M API processes.
//   npm run cluster -- [--workers 2] [--apis 2] [--port 3100] [--temporal-port 7300] [--pg-port 5499]
//   npm run cluster -- --build-only      (only build the Temporal server into .tools/bin, e.g. in CI)
//   npm run cluster -- --drill           (once ready, drive one batch to CLOSED through every API in turn)
// Ctrl-C stops everything in order: APIs, workers, the Temporal server, PostgreSQL.
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/config';
import { Client, Connection } from '@temporalio/client';
import { ensureTemporalServer } from '../runtime/cluster/build';
import { drillBatches, workersOfBatch } from '../runtime/cluster/drill';
import { ClusterStartAborted, startCluster, type Cluster } from '../runtime/cluster/cluster';
import { serverPorts } from '../runtime/cluster/temporal-server';
import { resolveAuth } from '../runtime/dev-secret';
import { signToken } from '../runtime/tokens';

const usage =
  'usage: npm run cluster -- [--workers N] [--apis M] [--port P] [--temporal-port T] [--pg-port G] [--worker-metrics-port W] [--drill] [--build-only]';
const { values } = parseArgs({
  options: {
    workers: { type: 'string', default: '2' },
    apis: { type: 'string', default: '2' },
    port: { type: 'string', default: '3100' },
    'temporal-port': { type: 'string', default: '7300' },
    'pg-port': { type: 'string', default: '5499' },
    'worker-metrics-port': { type: 'string', default: '9470' },
    'build-only': { type: 'boolean', default: false },
    drill: { type: 'boolean', default: false },
    /** Internal: this is the launcher's own child, in a process group of its own. */
    supervised: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h' },
  },
});
if (!values.supervised && !values.help && !values['build-only']) {
  // A Ctrl-C in a terminal signals the whole foreground process group, which would include the embedded
  // PostgreSQL (runtime/postgres.ts starts it in ours) and stop it before the workers have drained. So the real
  // launcher runs in a process group of its own; this process only passes the signal on, once.
  const child = spawn(
    process.execPath,
    [...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2), '--supervised'],
    { stdio: 'inherit', detached: true },
  );
  let last = 0;
  const forward = (signal: NodeJS.Signals) => {
    // npm also passes the terminal's signal on: the same Ctrl-C arrives twice within milliseconds.
    if (Date.now() - last < 1500) return;
    last = Date.now();
    child.kill(signal);
  };
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  process.on('SIGHUP', forward);
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  await new Promise(() => {});
}
if (values.help) {
  console.log(usage);
  process.exit(0);
}
const int = (name: keyof typeof values, min: number, max: number) => {
  const n = Number(values[name]);
  if (!Number.isInteger(n) || n < min || n > max) {
    console.error(`--${name} must be a whole number from ${min} to ${max}\n${usage}`);
    process.exit(2);
  }
  return n;
};
const say = (line: string) => process.stdout.write(`${line}\n`);
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

if (values['build-only']) {
  const tools = await ensureTemporalServer({ log: say });
  say(`Temporal server ${tools.version}: ${tools.server} and ${tools.sqlTool} (${tools.built ? 'built' : 'cached'})`);
  process.exit(0);
}

const workers = int('workers', 1, 32);
const apis = int('apis', 1, 32);
const port = int('port', 1, 65535 - apis);
const temporalPort = int('temporal-port', 1, 32758); // the server's membership ports are smallints
const pgPort = int('pg-port', 1, 65534);
const workerMetricsPort = int('worker-metrics-port', 0, 65535 - workers);

const config = loadConfig();
const auth = resolveAuth(config);
const dir = join(resolve(config.dataDir), 'cluster');
if (config.temporalAddress) say(`note: TEMPORAL_ADDRESS is ignored: the cluster runs its own Temporal server`);

let cluster: Cluster | undefined;
const starting = new AbortController();
let stopping = false;
let stoppingSince = 0;
const stop = async (signal: string) => {
  if (stopping && Date.now() - stoppingSince < 1500) return; // the same Ctrl-C, passed on twice
  if (stopping) {
    say('second signal: killing everything now');
    process.exit(1); // the exit hook of runtime/cluster/processes.ts kills the children
  }
  stopping = true;
  stoppingSince = Date.now();
  if (!cluster) {
    // Still starting: abort, and startCluster stops what it has started (below).
    say(`\n${signal}: aborting the start…`);
    starting.abort();
    return;
  }
  say(`\n${signal}: stopping the APIs, the workers, the Temporal server and PostgreSQL…`);
  const t0 = Date.now();
  await cluster?.stop();
  say(`stopped in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  process.exit(0);
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGHUP', () => void stop('SIGHUP'));
if (values.supervised) {
  // The terminal's process (above) is gone, killed outright: nobody could stop the cluster any more.
  const parent = process.ppid;
  setInterval(() => process.ppid !== parent && void stop('launcher gone'), 1000).unref();
}

say(`xuanren cluster: starting (${workers} worker${workers > 1 ? 's' : ''}, ${apis} API${apis > 1 ? 's' : ''})…`);
try {
  cluster = await startCluster({
    dir,
    workers,
    apis,
    apiPort: port,
    temporalPort,
    postgresPort: pgPort,
    ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
    namespace: config.temporalNamespace,
    taskQueue: config.temporalTaskQueue,
    workerMetricsPort,
    env: {
      LOG_LEVEL: config.logLevel,
      // The drill runs its public notices in seconds: its APIs accept ruleset.timerScale. Without --drill the
      // cluster is the production topology and follows the shell's ALLOW_SCALED_TIMERS (off by default).
      ...(values.drill ? { ALLOW_SCALED_TIMERS: 'true' } : {}),
      // Every API process verifies tokens with the same secret (`npm run token` signs with it).
      ...(auth.secret && !config.jwksUrl ? { AUTH_JWT_SECRET: auth.secret } : {}),
    },
    signal: starting.signal,
    log: (line) => say(`  [${elapsed()}] ${line}`),
    onChildLine: (name, line) => {
      // Errors of the services reach the console; everything else is in the log files.
      if (/"level":(5\d|60)\b|"level":"(fatal|panic|dpanic)"/.test(line)) say(`  ${name}: ${line}`);
    },
  });
} catch (err) {
  if (err instanceof ClusterStartAborted) {
    say(`stopped after ${elapsed()}`);
    process.exit(0);
  }
  console.error(`\ncluster failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}

const ports = serverPorts(temporalPort);
say(`
xuanren cluster is ready in ${elapsed()}
  API          ${cluster.apiUrls.map((u) => `${u}/api/v1`).join('  ')}
  Temporal     ${cluster.temporalAddress}, namespace "${cluster.namespace}" (full server ${cluster.tools.version} on PostgreSQL; no Web UI:
               use \`.tools/venv/bin/temporal --address ${cluster.temporalAddress} workflow list\`)
  PostgreSQL   ${cluster.databaseUrl.replace(/:[^:@/]*@/, ':***@')} (Temporal: databases temporal, temporal_visibility)
  Metrics      ${cluster.apiUrls.map((u) => `${u}/metrics`).join('  ')} (APIs), http://127.0.0.1:${ports.metrics}/metrics (Temporal)${
    workerMetricsPort
      ? `,\n               ${cluster.workers.map((_, i) => `http://127.0.0.1:${workerMetricsPort + i}/metrics`).join('  ')} (workers)`
      : ''
  }
  Logs         ${join(dir, 'logs')}/{temporal,worker-N,api-N}.log
  Token        npm run token -- --role ORG_OFFICER --sub me${auth.devSecretFile ? `   (dev secret: ${auth.devSecretFile})` : ''}
A crashed worker or API is restarted. Ctrl-C stops everything.`);

if (values.drill) await drill(cluster);

/** Batches through every API in turn, at once (runtime/cluster/drill.ts), then which worker ran what. */
async function drill(running: Cluster) {
  if (!auth.secret) {
    say('--drill signs its own tokens: it needs AUTH_JWT_SECRET or the dev secret (not AUTH_JWKS_URL)');
    return;
  }
  const secret = auth.secret;
  const batches = 2 * running.workers.length;
  say(
    `\ndrill: ${batches} batches at once through ${running.apiUrls.length} API process(es), ${running.workers.length} worker(s)`,
  );
  try {
    const reports = await drillBatches({
      batches,
      apiUrls: running.apiUrls,
      token: (actor) => signToken(secret, actor, '1h'),
      log: (line) => say(`  [${elapsed()}] ${line}`),
    });
    const connection = await Connection.connect({ address: running.temporalAddress });
    const client = new Client({ connection, namespace: running.namespace });
    for (const report of reports) {
      const byWorker = await workersOfBatch(client, report.batchId, running.workers);
      const ranBy = [...byWorker].map(
        ([name, c]) => `${name} (${c.workflowTasks} workflow tasks, ${c.activities} activities)`,
      );
      say(
        `drill: ${report.batchId} ${report.stage} in ${report.seconds.toFixed(1)} s; requests ${report.requestsByApi
          .map((n, i) => `api-${i + 1} ${n}`)
          .join(', ')}; retried ${report.retries}; run by ${ranBy.join(', ')}`,
      );
    }
    await connection.close();
  } catch (err) {
    say(`drill failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}
