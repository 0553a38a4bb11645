import { loadConfig, ConfigError } from '../config/config';
import { migrateDatabase } from '../db/client';

const config = loadConfig();
if (!config.databaseUrl)
  throw new ConfigError('DATABASE_URL must be set (npm start migrates the embedded database itself)');
await migrateDatabase(config.databaseUrl);
console.log('migrations applied');
