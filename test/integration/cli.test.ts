import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { projectRoot } from '../../runtime/tools';

/**
 * Every entry point a user runs (package.json scripts, the docs), as a user runs it: with a mistyped option, a bad
 * value, --help. None may get as far as connecting to anything, so each answers within a second or two.
 */
const clis: { file: string; usage: string; badValue?: { args: string[]; says: string } }[] = [
  { file: 'bin/dev.ts', usage: 'npm start' },
  { file: 'bin/api.ts', usage: 'npm run api' },
  { file: 'bin/worker.ts', usage: 'npm run worker' },
  { file: 'bin/migrate.ts', usage: 'npm run db:migrate' },
  {
    file: 'bin/setup-temporal.ts',
    usage: 'npm run setup:temporal',
    badValue: { args: ['--retention-days', '0'], says: '--retention-days' },
  },
  {
    file: 'bin/token.ts',
    usage: 'npm run token',
    badValue: { args: ['--role', 'PRESIDENT', '--sub', 'me'], says: 'PRESIDENT' },
  },
  { file: 'bin/report.ts', usage: 'npm run report', badValue: { args: ['--year', 'abc'], says: '--year' } },
  { file: 'bin/cluster.ts', usage: 'npm run cluster', badValue: { args: ['--workers', '0'], says: '--workers' } },
  {
    file: 'scripts/seed-demo.ts',
    usage: 'npm run seed:demo',
    badValue: { args: ['--timer-scale', 'fast'], says: '--timer-scale' },
  },
  { file: 'scripts/fuzz.ts', usage: 'npm run fuzz', badValue: { args: ['--workers', '0'], says: '--workers' } },
  { file: 'scripts/save-histories.ts', usage: 'npx tsx scripts/save-histories.ts' },
  { file: 'bench/index.ts', usage: 'npm run bench' },
  {
    file: 'bench/history-events.ts',
    usage: 'npx tsx bench/history-events.ts',
    badValue: { args: ['ten'], says: 'ten' },
  },
  {
    file: 'bench/api-vs-bare.ts',
    usage: 'npx tsx bench/api-vs-bare.ts',
    badValue: { args: ['--rate', '0'], says: '--rate' },
  },
  {
    file: 'bench/worker-memory.ts',
    usage: 'npx tsx bench/worker-memory.ts',
    badValue: { args: ['--batches', 'many'], says: '--batches' },
  },
];

// Nothing here may write anything; should a CLI get further than it ought to, it writes into a folder of its own.
const dataDir = mkdtempSync(join(tmpdir(), 'xuanren-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function run(file: string, args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', file, ...args], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.once('close', (code) => resolve({ code, stdout, stderr })),
  );
}

const stackTrace = /^\s+at |ERR_PARSE_ARGS|Node\.js v\d/m;

describe.concurrent('command-line tools', () => {
  describe.each(clis)('$file', ({ file, usage, badValue }) => {
    test('when given an unknown option, prints the option and the usage on stderr and exits 2', async () => {
      const result = await run(file, ['--bogus']);
      expect(result.stderr).toContain("'--bogus'");
      expect(result.stderr).toContain(`usage: ${usage}`);
      expect(result.stderr).not.toMatch(stackTrace);
      expect(result.stdout).toBe('');
      expect(result.code, result.stderr).toBe(2);
    });

    test('when given --help, prints the usage on stdout and exits 0', async () => {
      const result = await run(file, ['--help']);
      expect(result.stdout).toContain(`usage: ${usage}`);
      expect(result.stderr).toBe('');
      expect(result.code, result.stderr).toBe(0);
    });

    if (badValue)
      test(`when given a bad value (${badValue.args.join(' ')}), says what is wrong with the usage on stderr and exits 2`, async () => {
        const result = await run(file, badValue.args);
        expect(result.stderr).toContain(badValue.says);
        expect(result.stderr).toContain(`usage: ${usage}`);
        expect(result.stderr).not.toMatch(stackTrace);
        expect(result.code, result.stderr).toBe(2);
      });
  });

  describe('bin/report.ts -h', () => {
    test('when given -h, prints the usage on stdout and exits 0, as --help does', async () => {
      const result = await run('bin/report.ts', ['-h']);
      expect(result.stdout).toContain('usage: npm run report');
      expect(result.code, result.stderr).toBe(0);
    });
  });

  describe('configuration errors', () => {
    test('when a variable has a bad value, prints one line naming it and exits 2', async () => {
      const result = await run('bin/token.ts', ['--role', 'ORG_OFFICER', '--sub', 'me'], { LOG_LEVEL: 'loud' });
      expect(result.stderr.trim().split('\n')).toEqual([expect.stringContaining('LOG_LEVEL')]);
      expect(result.stdout).toBe('');
      expect(result.code, result.stderr).toBe(2);
    });

    test('when a variable a production process needs is missing, prints one line naming it and exits 2', async () => {
      const result = await run('bin/migrate.ts', []);
      expect(result.stderr.trim().split('\n')).toEqual([expect.stringContaining('DATABASE_URL')]);
      expect(result.code, result.stderr).toBe(2);
    });
  });
});
