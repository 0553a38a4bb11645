// The production topology on one machine, without Docker (what docker-compose.yml runs, as plain processes):
// PostgreSQL (embedded, or DATABASE_URL), the full Temporal server on it (built once from the Go module proxy into
// .tools/bin), the namespace and search attributes, migrations, N workers and M API processes.
//   npm run cluster -- [--workers 2] [--apis 2] [--port 3100] [--temporal-port 7300] [--pg-port 5499]
//   npm run cluster -- --build-only      (only build the Temporal server into .tools/bin, e.g. in CI)
//   npm run cluster -- --drill           (once ready, drive one batch to CLOSED through every API in turn)
//   npm run cluster -- --temporal-token read|write   (print a token for the Temporal CLI, signed by the cluster's key)
// Ctrl-C stops everything in order: APIs, workers, the Temporal server, PostgreSQL.
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Cluster } from '../runtime/cluster/cluster';
import { integerArg, parseCli, usageError } from '../runtime/cli';
import { serverPortCount } from '../runtime/cluster/temporal-server';

const { values } = parseCli({
  usage: `usage: npm run cluster -- [--workers N] [--apis M] [--port P] [--temporal-port T] [--pg-port G] [--worker-metrics-port W] [--drill] [--build-only] [--temporal-token read|write]
  --workers N               worker processes (default 2)
  --apis M                  API processes, on ports P, P+1, … (default 2, from --port 3100)
  --temporal-port T         the Temporal server's frontend (default 7300)
  --pg-port G               the embedded PostgreSQL, unless DATABASE_URL is set (default 5499)
  --worker-metrics-port W   the workers' Prometheus ports W, W+1, …; 0: off (default 9470)
  --drill                   once ready, drive batches to CLOSED through every API in turn
  --build-only              only build the Temporal server into .tools/bin (e.g. in CI)
  --temporal-token ACCESS   print an 8-hour token for the Temporal CLI: read or write`,
  options: {
    workers: { type: 'string', default: '2' },
    apis: { type: 'string', default: '2' },
    port: { type: 'string', default: '3100' },
    'temporal-port': { type: 'string', default: '7300' },
    'pg-port': { type: 'string', default: '5499' },
    'worker-metrics-port': { type: 'string', default: '9470' },
    'build-only': { type: 'boolean', default: false },
    drill: { type: 'boolean', default: false },
    'temporal-token': { type: 'string' },
    /** Internal: this is the launcher's own child, in a process group of its own. */
    supervised: { type: 'boolean', default: false },
  },
});
// Checked here, before the launcher below starts its child: a bad value answers at once, from this process.
const workers = integerArg('--workers', values.workers, { min: 1, max: 32 });
const apis = integerArg('--apis', values.apis, { min: 1, max: 32 });
const port = integerArg('--port', values.port, { min: 1, max: 65535 - apis });
// The Temporal server's membership ports, derived from it, are smallints.
const temporalPort = integerArg('--temporal-port', values['temporal-port'], { min: 1, max: 32768 - serverPortCount });
const pgPort = integerArg('--pg-port', values['pg-port'], { min: 1, max: 65534 });
const workerMetricsPort = integerArg('--worker-metrics-port', values['worker-metrics-port'], {
  min: 0,
  max: 65535 - workers,
});

const temporalToken = values['temporal-token'];
if (temporalToken !== undefined && temporalToken !== 'read' && temporalToken !== 'write')
  usageError(`--temporal-token must be read or write, not "${temporalToken}"`);

if (!values.supervised && !values['build-only'] && temporalToken === undefined) {
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

// Only the supervised child (or --build-only) loads what runs the cluster; the launcher above just passes signals on.
const { loadConfig } = await import('../config/config');
const { Client } = await import('@temporalio/client');
const { ensureTemporalServer } = await import('../runtime/cluster/build');
const { drillBatches, workersOfBatch } = await import('../runtime/cluster/drill');
const { ClusterStartAborted, startCluster } = await import('../runtime/cluster/cluster');
const { serverPorts } = await import('../runtime/cluster/temporal-server');
const { loadOrCreateSigningKey, mintTemporalToken } = await import('../runtime/cluster/temporal-auth');
const { resolveAuth } = await import('../runtime/dev-secret');
const { signToken } = await import('../runtime/tokens');
const { payloadKeysText, resolvePayloadKeys, temporalDataConverter } = await import('../runtime/payload-codec');

const say = (line: string) => process.stdout.write(`${line}\n`);
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

if (values['build-only']) {
  const tools = await ensureTemporalServer({ log: say });
  say(`Temporal server ${tools.version}: ${tools.server} and ${tools.sqlTool} (${tools.built ? 'built' : 'cached'})`);
  process.exit(0);
}

if (temporalToken !== undefined) {
  // For an operator's `temporal --api-key … --tls=false`: 8 hours, read (the UI's views, describe, list) or write
  // (signals and updates as any declared actor: grant it knowingly).
  const config = loadConfig();
  const key = await loadOrCreateSigningKey(join(resolve(config.dataDir), 'cluster', 'temporal-auth'));
  const sub = process.env.USER ?? 'operator';
  say(
    await mintTemporalToken(key, {
      sub,
      permissions: [`${config.temporalNamespace}:${temporalToken}`],
      ttlSeconds: 8 * 3600,
    }),
  );
  process.exit(0);
}

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
      // Every worker and API process encrypts and decrypts Temporal payloads with the same keys.
      TEMPORAL_PAYLOAD_KEYS: payloadKeysText(resolvePayloadKeys(config).keys),
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
  Temporal     ${cluster.temporalAddress}, namespace "${cluster.namespace}" (full server ${cluster.tools.version} on PostgreSQL, JWT authorization; no Web UI:
               use \`.tools/venv/bin/temporal --address ${cluster.temporalAddress} --tls=false --api-key "$(npm run -s cluster -- --temporal-token read)" workflow list\`)
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
    const connection = await running.connectTemporal();
    const client = new Client({
      connection,
      namespace: running.namespace,
      dataConverter: temporalDataConverter(config),
    });
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
