// All-in-one launcher: embedded PostgreSQL + Temporal dev server (unless configured), migrations, worker, API.
import { loadConfig } from '../config/config';
import { parseCli } from '../runtime/cli';

parseCli({
  usage: `usage: npm start
Everything on one machine: PostgreSQL and the Temporal dev server (each embedded unless DATABASE_URL or
TEMPORAL_ADDRESS is set), migrations, a worker and the API. Settings come from the environment (docs/operators.md, Configuration).`,
});
const config = loadConfig();
// Loaded once the arguments and the variables are good: a mistake answers at once.
const { migrateDatabase } = await import('../db/migrate');
const { startApiServer } = await import('../runtime/api-server');
const { resolveAuth } = await import('../runtime/dev-secret');
const { resolvePayloadKeys } = await import('../runtime/payload-codec');
const { createLogger } = await import('../runtime/logger');
const { resolveServices } = await import('../runtime/services');
const { startWorker } = await import('../runtime/worker-process');
const { onShutdown } = await import('../runtime/shutdown');
const { installWorkerTelemetry } = await import('../runtime/telemetry');
const logger = createLogger(config.logLevel, 'xuanren');
const say = (line: string) => process.stdout.write(`${line}\n`);
const started = Date.now();
// Before the worker's first connection: the Temporal Runtime is configured once per process.
const telemetry = installWorkerTelemetry({
  metricsPort: config.workerMetricsPort,
  metricsHost: config.host,
  logger,
  ifPortBusy: 'warn',
});

say('xuanren: starting…');
const services = await resolveServices(config, (line) => logger.warn(line));
onShutdown(logger, services.stop);
for (const line of services.embedded) say(`  ✓ ${line}`);
await migrateDatabase(services.databaseUrl);
say('  ✓ database migrated');
const auth = resolveAuth(config);
const worker = await startWorker({ config, ...services, logger, domainGauges: {} });
onShutdown(logger, worker.stop);
say(`  ✓ worker polling task queue "${config.temporalTaskQueue}"`);
const api = await startApiServer({
  config,
  ...services,
  auth,
  logger,
  // The dev server's UI has no sign-in: with nothing about identity configured, it decodes without a token.
  codecWithoutTokenFromUi: !config.temporalAddress && auth.devSecretFile !== undefined,
});
const { devKeyFile } = resolvePayloadKeys(config);
onShutdown(logger, api.stop);
say(`
xuanren is ready in ${((Date.now() - started) / 1000).toFixed(1)} s
  API          ${api.url}/api/v1   (health: ${api.url}/readyz)
  Temporal UI  ${services.temporalUiUrl ?? '(external cluster: see your Temporal UI)'}
  Temporal     ${services.temporalAddress}, namespace "${config.temporalNamespace}"
  Payloads     encrypted; decoded for the UI and CLI by ${api.url}/codec${devKeyFile ? `   (dev key: ${devKeyFile})` : ''}
  Metrics      ${api.url}/metrics (API)${telemetry.metricsUrl ? `, ${telemetry.metricsUrl} (worker)` : ''}
  Token        npm run token -- --role ORG_OFFICER --sub me${auth.devSecretFile ? `   (dev secret: ${auth.devSecretFile})` : ''}
Ctrl-C stops everything.`);
worker.done.catch((err: unknown) => {
  logger.fatal({ err }, 'worker crashed');
  process.kill(process.pid, 'SIGTERM');
});
