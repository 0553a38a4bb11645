import { spawn, execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { afterAll, describe, expect, test } from 'vitest';
import { freePort } from '../../runtime/ports';
import { projectRoot } from '../../runtime/tools';
import { batchBody } from '../../testkit';

// Like a fresh clone inside `mktemp -d`: a 0700 folder the embedded PostgreSQL user cannot traverse by default.
const parent = mkdtempSync(join(tmpdir(), 'xuanren-launcher-'));
chmodSync(parent, 0o700);
const dataDir = join(parent, 'data');
afterAll(() => rmSync(parent, { recursive: true, force: true }));

function processesUsing(path: string): string[] {
  return execFileSync('ps', ['-eo', 'pid,args'])
    .toString()
    .split('\n')
    .filter((line) => line.includes(path) && !line.includes('ps -eo'));
}

async function launch() {
  const [port, pgPort, temporalPort, uiPort] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  const child = spawn(process.execPath, ['--import', 'tsx', 'bin/dev.ts'], {
    cwd: projectRoot,
    env: {
      PATH: process.env.PATH,
      DATA_DIR: dataDir,
      PORT: String(port),
      EMBEDDED_PG_PORT: String(pgPort),
      TEMPORAL_DEV_PORT: String(temporalPort),
      TEMPORAL_UI_PORT: String(uiPort),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const started = Date.now();
  await expect
    .poll(async () => (await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined))?.status, {
      timeout: 60_000,
      interval: 250,
    })
    .toBe(200);
  return {
    url: `http://127.0.0.1:${port}`,
    uiPort,
    coldStartMs: Date.now() - started,
    output: () => output,
    async stop() {
      const stopAt = Date.now();
      child.kill('SIGTERM');
      const code = await exited;
      return { code, ms: Date.now() - stopAt };
    },
  };
}

describe('npm start launcher (bin/dev.ts)', () => {
  test("when started with no external services, it serves API and UI (decoding payloads through the API's codec endpoint), stops on SIGTERM, and keeps data and the payload key across restarts", async () => {
    const first = await launch();
    console.log(`[launcher] cold start to /readyz: ${first.coldStartMs} ms`);
    expect(first.output()).toContain('xuanren is ready');
    expect(first.output()).toContain(`http://localhost:${first.uiPort}`);
    expect((await fetch(`http://127.0.0.1:${first.uiPort}/`)).status).toBe(200);
    // The Web UI decodes payloads through the API's codec endpoint; the dev UI has no sign-in, so its own origin
    // may decode without a token.
    const ui = `http://localhost:${first.uiPort}`;
    const settings = (await (await fetch(`${ui}/api/v1/settings`)).json()) as { Codec?: { Endpoint?: string } };
    expect(settings.Codec?.Endpoint).toBe(`${first.url}/codec`);
    const plain = { metadata: { encoding: btoa('json/plain') }, data: btoa('{"ok":true}') };
    const decoded = await fetch(`${first.url}/codec/decode`, {
      method: 'POST',
      headers: { origin: ui, 'content-type': 'application/json', 'x-namespace': 'default' },
      body: JSON.stringify({ payloads: [plain] }),
    });
    expect(decoded.status).toBe(200);
    expect(first.output()).toContain(`${join(dataDir, 'dev-payload-key')}`);

    const secret = readFileSync(join(dataDir, 'dev-jwt-secret'), 'utf8');
    const jwt = await new SignJWT({ roles: ['ORG_OFFICER'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('officer')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(secret));
    const headers = { authorization: `Bearer ${jwt}`, 'content-type': 'application/json' };
    const created = await fetch(`${first.url}/api/v1/batches`, {
      method: 'POST',
      headers,
      body: JSON.stringify(batchBody('kept-1')),
    });
    expect(created.status).toBe(201);

    const stopped = await first.stop();
    expect(stopped).toMatchObject({ code: 0 });
    expect(stopped.ms).toBeLessThan(10_000);
    expect(processesUsing(dataDir)).toEqual([]);

    const second = await launch();
    const read = await fetch(`${second.url}/api/v1/batches/kept-1`, { headers });
    expect(read.status).toBe(200);
    expect(((await read.json()) as { stage: string }).stage).toBe('INSPECTING');
    // The restarted worker replays the batch's encrypted history: the dev payload key was kept in DATA_DIR.
    const live = await fetch(`${second.url}/api/v1/batches/kept-1/live`, { headers });
    expect(live.status).toBe(200);
    expect((await second.stop()).code).toBe(0);
    expect(processesUsing(dataDir)).toEqual([]);
  }, 120_000);
});
