// Production worker process: needs DATABASE_URL and TEMPORAL_ADDRESS (no embedded services).
import { loadConfig, ConfigError } from '../config/config';
import { parseCli } from '../runtime/cli';

parseCli({
  usage: `usage: npm run worker
A worker alone, as production runs it: DATABASE_URL and TEMPORAL_ADDRESS must be set (docs/operators.md, Configuration).`,
});
const config = loadConfig();
if (!config.databaseUrl || !config.temporalAddress)
  throw new ConfigError('DATABASE_URL and TEMPORAL_ADDRESS must be set');
// Loaded once the arguments and the variables are good: a mistake answers at once.
const { createLogger } = await import('../runtime/logger');
const { onShutdown } = await import('../runtime/shutdown');
const { installWorkerTelemetry } = await import('../runtime/telemetry');
const { startWorker } = await import('../runtime/worker-process');
const logger = createLogger(config.logLevel, 'xuanren-worker');
const { metricsUrl } = installWorkerTelemetry({
  metricsPort: config.workerMetricsPort,
  metricsHost: config.host,
  logger,
});
const worker = await startWorker({
  config,
  databaseUrl: config.databaseUrl,
  temporalAddress: config.temporalAddress,
  logger,
  domainGauges: {},
});
onShutdown(logger, worker.stop);
logger.info({ taskQueue: config.temporalTaskQueue, metricsUrl }, 'worker polling');
worker.done.catch((err: unknown) => {
  logger.fatal({ err }, 'worker crashed');
  process.exit(1);
});
