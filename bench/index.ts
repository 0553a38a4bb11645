// npm run bench: every benchmark in turn, each printing its figures and writing bench/results/<name>.json.
import { spawnSync } from 'node:child_process';
import { parseCli } from '../runtime/cli';

parseCli({
  usage: `usage: npm run bench
Runs bench/history-events.ts, bench/api-vs-bare.ts and bench/worker-memory.ts in turn (each takes --help).`,
});

const benches = [
  ['bench/history-events.ts', '2', '10', '100', '500'],
  ['bench/api-vs-bare.ts'],
  ['bench/worker-memory.ts'],
  ['bench/payload-codec.ts'],
];
for (const [script, ...args] of benches) {
  console.log(`\n▶ ${script} ${args.join(' ')}`);
  const { status } = spawnSync(process.execPath, ['--import', 'tsx', script!, ...args], { stdio: 'inherit' });
  if (status !== 0) process.exitCode = 1;
}
