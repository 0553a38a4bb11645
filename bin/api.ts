// Production API process: needs DATABASE_URL and TEMPORAL_ADDRESS (no embedded services).
import { loadConfig, ConfigError } from '../config/config';
import { startApiServer } from '../runtime/api-server';
import { resolveAuth } from '../runtime/dev-secret';
import { createLogger } from '../runtime/logger';
import { onShutdown } from '../runtime/shutdown';

const config = loadConfig();
if (!config.databaseUrl || !config.temporalAddress)
  throw new ConfigError('DATABASE_URL and TEMPORAL_ADDRESS must be set');
const logger = createLogger(config.logLevel, 'xuanren-api');
const api = await startApiServer({
  config,
  databaseUrl: config.databaseUrl,
  temporalAddress: config.temporalAddress,
  temporalUiUrl: config.temporalUiUrl,
  auth: resolveAuth(config),
  logger,
});
onShutdown(logger, api.stop);
logger.info({ url: api.url }, 'api listening');
