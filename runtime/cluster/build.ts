// Builds the full Temporal server and its SQL schema tool from the Go module proxy, once, into .tools/bin:
//   GOBIN=.tools/bin go install go.temporal.io/server/cmd/server@v1.29.1 go.temporal.io/server/cmd/tools/sql@v1.29.1
// and copies what the cluster needs from the module (the PostgreSQL schemas and the development config) beside
// them, so a later run needs neither the network nor the Go module cache. A marker records the version built;
// a second call costs a few stat() calls. About 3 minutes on 2 cores the first time.
import { execFile } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { projectRoot } from '../tools';

const run = promisify(execFile);

export const temporalServerVersion = 'v1.29.1';
const modulePath = 'go.temporal.io/server';
const toolsBin = join(projectRoot, '.tools', 'bin');
/** The module files the cluster uses, copied out of the Go module cache. */
const moduleCopy = join(projectRoot, '.tools', `temporal-server@${temporalServerVersion}`);
const marker = join(toolsBin, 'temporal-server.json');

export interface TemporalServerTools {
  version: string;
  /** The `server` binary (go.temporal.io/server/cmd/server). */
  server: string;
  /** The `sql` binary (temporal-sql-tool). */
  sqlTool: string;
  /** schema/postgresql/v12 of the module: temporal/versioned and visibility/versioned. */
  schemaDir: string;
  /** config/development-postgres12.yaml of the module. */
  baseConfig: string;
  /** config/dynamicconfig/development-sql.yaml of the module. */
  baseDynamicConfig: string;
  /** Whether this call built them (false: they were cached). */
  built: boolean;
  buildSeconds?: number;
}

function paths(built: boolean): TemporalServerTools {
  return {
    version: temporalServerVersion,
    server: join(toolsBin, 'server'),
    sqlTool: join(toolsBin, 'sql'),
    schemaDir: join(moduleCopy, 'schema', 'postgresql', 'v12'),
    baseConfig: join(moduleCopy, 'config', 'development-postgres12.yaml'),
    baseDynamicConfig: join(moduleCopy, 'config', 'dynamicconfig', 'development-sql.yaml'),
    built,
  };
}

/** The cached build if it is complete and of the pinned version. */
export function cachedTemporalServer(): TemporalServerTools | undefined {
  const tools = paths(false);
  const complete =
    existsSync(marker) &&
    [tools.server, tools.sqlTool, tools.baseConfig, tools.baseDynamicConfig, tools.schemaDir].every(existsSync);
  if (!complete) return undefined;
  try {
    const recorded = JSON.parse(readFileSync(marker, 'utf8')) as { version?: string };
    return recorded.version === temporalServerVersion ? tools : undefined;
  } catch {
    return undefined;
  }
}

export class GoToolchainError extends Error {
  override name = 'GoToolchainError';
}

/** Returns the cached build, or builds it (progress through `log`). */
export async function ensureTemporalServer({
  log = () => {},
  signal,
}: { log?: (line: string) => void; signal?: AbortSignal } = {}): Promise<TemporalServerTools> {
  const cached = cachedTemporalServer();
  if (cached) return cached;
  const go = process.env.GO ?? 'go';
  try {
    await run(go, ['version']);
  } catch (err) {
    throw new GoToolchainError(
      `the Go toolchain (\`${go}\`) is needed once to build the Temporal server ${temporalServerVersion}: ${String(err)}`,
    );
  }
  mkdirSync(toolsBin, { recursive: true });
  const started = Date.now();
  log(
    `building the Temporal server ${temporalServerVersion} and its sql tool with go install into .tools/bin ` +
      '(once; about 3 minutes on 2 cores)…',
  );
  const ticker = setInterval(() => log(`  …still building (${Math.round((Date.now() - started) / 1000)} s)`), 30_000);
  try {
    await run(
      go,
      [
        'install',
        `${modulePath}/cmd/server@${temporalServerVersion}`,
        `${modulePath}/cmd/tools/sql@${temporalServerVersion}`,
      ],
      { env: { ...process.env, GOBIN: toolsBin }, maxBuffer: 64 * 1024 * 1024, ...(signal ? { signal } : {}) },
    );
  } catch (err) {
    const e = err as { stderr?: string; message?: string };
    throw new GoToolchainError(
      `go install of the Temporal server ${temporalServerVersion} failed: ${(e.stderr ?? e.message ?? String(err)).slice(-4000)}`,
    );
  } finally {
    clearInterval(ticker);
  }
  // The module's own files (schemas, configs), from the module cache go install has just filled.
  const { stdout } = await run(go, ['mod', 'download', '-json', `${modulePath}@${temporalServerVersion}`], {
    cwd: toolsBin,
  });
  const moduleDir = (JSON.parse(stdout) as { Dir?: string }).Dir;
  if (!moduleDir || !existsSync(moduleDir)) throw new GoToolchainError(`go mod download did not give ${modulePath}`);
  rmSync(moduleCopy, { recursive: true, force: true });
  for (const part of [
    join('schema', 'postgresql', 'v12'),
    join('config', 'development-postgres12.yaml'),
    join('config', 'dynamicconfig', 'development-sql.yaml'),
  ]) {
    cpSync(join(moduleDir, part), join(moduleCopy, part), { recursive: true });
  }
  // The module cache is read-only; the copies must stay removable by a later rebuild.
  makeWritable(moduleCopy);
  const buildSeconds = Math.round((Date.now() - started) / 100) / 10;
  writeFileSync(
    marker,
    JSON.stringify({ version: temporalServerVersion, builtAt: new Date().toISOString(), buildSeconds }),
  );
  log(`built the Temporal server ${temporalServerVersion} in ${buildSeconds} s`);
  return { ...paths(true), buildSeconds };
}

function makeWritable(path: string) {
  const mode = statSync(path).mode;
  chmodSync(path, (mode & 0o7777) | 0o200);
  if (statSync(path).isDirectory()) for (const entry of readdirSync(path)) makeWritable(join(path, entry));
}
