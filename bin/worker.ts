// Production worker process: needs DATABASE_URL and TEMPORAL_ADDRESS (no embedded services).
import { loadConfig, ConfigError } from '../config/config';
import { createLogger } from '../runtime/logger';
import { onShutdown } from '../runtime/shutdown';
import { installWorkerTelemetry } from '../runtime/telemetry';
import { startWorker } from '../runtime/worker-process';

const config = loadConfig();
if (!config.databaseUrl || !config.temporalAddress)
  throw new ConfigError('DATABASE_URL and TEMPORAL_ADDRESS must be set');
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
