// Prepares a production Temporal cluster for xuanren: the namespace and the custom search attributes. Idempotent:
// run it before the first deploy and after upgrades; it adds only what is missing and says what it did.
//   TEMPORAL_ADDRESS=temporal:7233 [TEMPORAL_NAMESPACE=xuanren] npm run setup:temporal [-- --retention-days 30]
// (`npm start` registers the attributes on its own dev server; Temporal Cloud namespaces are managed with tcld.)
import { ConfigError, loadConfig } from '../config/config';
import { integerArg, parseCli } from '../runtime/cli';

const { values } = parseCli({
  usage: `usage: npm run setup:temporal [-- --retention-days N]
  --retention-days N   how long the namespace keeps a closed workflow's history, in whole days (default 30)
TEMPORAL_ADDRESS (host:port) names the cluster, TEMPORAL_NAMESPACE the namespace (created if missing).`,
  options: { 'retention-days': { type: 'string', default: '30' } },
});
const retentionDays = integerArg('--retention-days', values['retention-days'], { min: 1 });
const config = loadConfig();
if (!config.temporalAddress)
  throw new ConfigError('TEMPORAL_ADDRESS must be set (npm start sets up its own dev server by itself)');
// Loaded once the arguments and the variables are good: a mistake answers at once.
const { connectClient } = await import('../runtime/temporal');
const { setupTemporal } = await import('../runtime/temporal-setup');
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
