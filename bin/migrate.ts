import { ConfigError, loadConfig } from '../config/config';
import { parseCli } from '../runtime/cli';

parseCli({
  usage: `usage: npm run db:migrate
Applies the committed migrations to DATABASE_URL (npm start migrates its embedded database itself).`,
});
const config = loadConfig();
if (!config.databaseUrl)
  throw new ConfigError('DATABASE_URL must be set (npm start migrates the embedded database itself)');
// Loaded once the arguments and the variables are good: a mistake answers at once.
const { migrateDatabase } = await import('../db/migrate');
await migrateDatabase(config.databaseUrl);
console.log('migrations applied');
