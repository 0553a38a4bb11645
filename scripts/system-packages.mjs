// The Debian packages the test suite needs beyond Node.js and Python, and the one place that installs them.
// `npm test` runs it first (pretest), `.ci/run` calls it too. As root with apt-get: installs what is missing and says
// why, once. Otherwise: one message naming the packages and the command, exit 1 — never a test skipped in silence.
//   node scripts/system-packages.mjs            install what is missing (or explain)
//   node scripts/system-packages.mjs --check    only report; exit 1 when something is missing
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Each package: how to tell it is there, and which tests need it. */
export const systemPackages = [
  {
    name: 'chromium',
    present: () => existsSync('/usr/bin/chromium'),
    why: 'headless browser for the Temporal UI and /docs tests (test/e2e)',
  },
  {
    name: 'fonts-noto-cjk',
    present: () => dpkgInstalled('fonts-noto-cjk'),
    why: 'Chinese glyphs in the browser screenshots and the report charts',
  },
  {
    name: 'libreoffice-writer-nogui',
    present: () => onPath('soffice'),
    why: 'converts the annual report .docx to PDF (test/integration/training-report.test.ts)',
  },
  {
    name: 'poppler-utils',
    present: () => onPath('pdftotext'),
    why: 'reads that PDF back (pdftotext)',
  },
  {
    name: 'docker-compose',
    present: () => onPath('docker-compose'),
    why: 'validates docker-compose.yml (test/integration/docker-compose.test.ts)',
  },
];

/**
 * What to do about the missing packages: nothing, install them, or stop with a message.
 * Pure, so the decision is tested without touching the machine.
 */
export function plan({ missing, isRoot, hasAptGet }) {
  if (missing.length === 0) return { action: 'none' };
  const names = missing.map((p) => p.name);
  const sudo = isRoot ? '' : 'sudo ';
  const command = `${sudo}apt-get update && ${sudo}apt-get install -y --no-install-recommends ${names.join(' ')}`;
  if (isRoot && hasAptGet) return { action: 'install', names, command };
  const reason = hasAptGet ? 'this user is not root' : 'apt-get is not available on this machine';
  return {
    action: 'stop',
    names,
    message:
      `The tests need these system packages, which are missing: ${names.join(', ')}.\n` +
      missing.map((p) => `  ${p.name}: ${p.why}`).join('\n') +
      `\nThey cannot be installed from here (${reason}). Install them with:\n  ${command}\n` +
      (hasAptGet ? '' : "or the same packages from your system's package manager.\n"),
  };
}

function onPath(command) {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => dir && existsSync(join(dir, command)));
}

function dpkgInstalled(name) {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.includes('install ok installed');
}

function main() {
  const checkOnly = process.argv.includes('--check');
  const missing = systemPackages.filter((p) => !p.present());
  const decision = plan({ missing, isRoot: process.getuid?.() === 0, hasAptGet: onPath('apt-get') });
  if (decision.action === 'none') return;
  if (checkOnly) {
    console.error(`[system-packages] missing: ${decision.names.join(', ')}`);
    process.exit(1);
  }
  if (decision.action === 'stop') {
    console.error(`[system-packages] ${decision.message}`);
    process.exit(1);
  }
  console.log(`[system-packages] installing ${decision.names.join(', ')} (once; about 1–2 minutes):`);
  for (const p of missing) console.log(`  ${p.name}: ${p.why}`);
  const started = Date.now();
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const quiet = { stdio: ['ignore', 'ignore', 'inherit'], env };
  execFileSync('apt-get', ['update', '-qq'], quiet);
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...decision.names], quiet);
  const still = systemPackages.filter((p) => !p.present()).map((p) => p.name);
  if (still.length > 0) {
    console.error(`[system-packages] still missing after apt-get install: ${still.join(', ')}`);
    process.exit(1);
  }
  console.log(`[system-packages] done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
