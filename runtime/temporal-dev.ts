import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Connection } from '@temporalio/client';
import { searchAttributeDefinitions } from '../workflows/search-attributes';
import { stopChild } from './child-process';
import { requireTool, temporalCli } from './tools';

export interface TemporalDevServer {
  address: string;
  uiUrl: string | undefined;
  stop(): Promise<void>;
}

interface Options {
  port: number;
  uiPort?: number;
  /** SQLite file that keeps the server's state across restarts; in-memory when unset. */
  dbFile?: string;
  namespace?: string;
  /** Where the Web UI decodes payloads: the API's /codec (api/codec.routes.ts). */
  codecEndpoint?: string;
  log?: (line: string) => void;
}

/** Starts `temporal server start-dev` with our search attributes registered, and waits until it serves. */
export async function startTemporalDevServer({
  port,
  uiPort,
  dbFile,
  namespace = 'default',
  codecEndpoint,
  log = () => {},
}: Options) {
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--namespace', namespace];
  args.push('--log-level', 'warn', '--log-format', 'json');
  if (uiPort) args.push('--ui-port', String(uiPort));
  else args.push('--headless');
  if (uiPort && codecEndpoint) args.push('--ui-codec-endpoint', codecEndpoint);
  if (dbFile) {
    mkdirSync(dirname(resolve(dbFile)), { recursive: true });
    args.push('--db-filename', resolve(dbFile));
  }
  for (const { name, type } of searchAttributeDefinitions) args.push('--search-attribute', `${name}=${type}`);
  const child = spawn(requireTool(temporalCli), args, { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (c: Buffer) => log(c.toString('utf8').trimEnd()));
  child.stderr?.on('data', (c: Buffer) => log(c.toString('utf8').trimEnd()));
  const address = `127.0.0.1:${port}`;
  await waitServing(child, address);
  return {
    address,
    uiUrl: uiPort ? `http://localhost:${uiPort}` : undefined,
    stop: () => stopChild(child),
  } satisfies TemporalDevServer;
}

async function waitServing(child: ChildProcess, address: string) {
  let exited: string | undefined;
  child.once('exit', (code) => (exited = `temporal dev server exited with code ${code}`));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited) throw new Error(exited);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      await connection.healthService.check({});
      await connection.close();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`temporal dev server did not answer on ${address}: ${String(err)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
