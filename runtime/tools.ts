import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const venvBin = join(projectRoot, '.tools', 'venv', 'bin');

/** Binaries installed by scripts/install-tools.mjs (npm's postinstall). */
export const temporalCli = join(venvBin, 'temporal');
export const temporalTestServer = join(venvBin, 'temporal-test-server');

export function requireTool(path: string): string {
  if (!existsSync(path)) {
    throw new Error(`${path} is missing: run \`npm ci\` (or \`node scripts/install-tools.mjs\`) to install it`);
  }
  return path;
}
