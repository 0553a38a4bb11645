// Prepares a production Temporal cluster for xuanren: the namespace and the custom search attributes. Idempotent:
// run it before the first deploy and after upgrades; it adds only what is missing and says what it did.
//   TEMPORAL_ADDRESS=temporal:7233 [TEMPORAL_NAMESPACE=xuanren] npm run setup:temporal [-- --retention-days 30]
// (`npm start` registers the attributes on its own dev server; Temporal Cloud namespaces are managed with tcld.)
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config/config';
import { connectClient } from '../runtime/temporal';
import { setupTemporal } from '../runtime/temporal-setup';

const { values } = parseArgs({ options: { 'retention-days': { type: 'string', default: '30' } } });
const retentionDays = Number(values['retention-days']);
if (!Number.isInteger(retentionDays) || retentionDays < 1) {
  console.error('usage: npm run setup:temporal [-- --retention-days N]   (N: whole days, at least 1)');
  process.exit(2);
}
const config = loadConfig();
if (!config.temporalAddress)
  throw new ConfigError('TEMPORAL_ADDRESS must be set (npm start sets up its own dev server by itself)');
const { connection } = await connectClient(config.temporalAddress, config);
try {
  const report = await setupTemporal({
    connection,
    namespace: config.temporalNamespace,
    retentionDays,
    log: (line) => console.log(`  ${line}`),
  });
  const changed = report.namespaceCreated || report.added.length > 0;
  console.log(
    changed
      ? `Temporal at ${config.temporalAddress} is set up for xuanren`
      : `Temporal at ${config.temporalAddress} was already set up for xuanren: nothing changed`,
  );
} catch (err) {
  console.error(`setup failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
} finally {
  await connection.close();
}
