// Production API process: needs DATABASE_URL and TEMPORAL_ADDRESS (no embedded services).
import { loadConfig, ConfigError } from '../config/config';
import { parseCli } from '../runtime/cli';

parseCli({
  usage: `usage: npm run api
The API alone, as production runs it: DATABASE_URL and TEMPORAL_ADDRESS must be set (docs/operators.md, Configuration).`,
});
const config = loadConfig();
if (!config.databaseUrl || !config.temporalAddress)
  throw new ConfigError('DATABASE_URL and TEMPORAL_ADDRESS must be set');
// Loaded once the arguments and the variables are good: a mistake answers at once.
const { startApiServer } = await import('../runtime/api-server');
const { resolveAuth } = await import('../runtime/dev-secret');
const { createLogger } = await import('../runtime/logger');
const { onShutdown } = await import('../runtime/shutdown');
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
