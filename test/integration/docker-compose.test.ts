import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { configKeys } from '../../config/config';
import { workerHeapMb } from '../../runtime/worker-heap';
import { searchAttributeDefinitions } from '../../workflows/search-attributes';

// No Docker daemon runs in CI: the compose file is validated and checked against the code, not started.
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const composeFile = join(root, 'docker-compose.yml');
const secret = 'compose-test-secret-0123456789abcdef';
const payloadKeys = `compose:${Buffer.alloc(32, 7).toString('base64')}`;
const missingCompose =
  'docker-compose is not installed. CI installs it with: apt-get update && apt-get install -y docker-compose';

type Port = string | { published?: number | string; target?: number | string };
type Service = {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string | number | null>;
  ports?: Port[];
  volumes?: string[];
  healthcheck?: unknown;
  restart?: string;
  depends_on?: Record<string, { condition: string }>;
};
type Compose = { services: Record<string, Service> };

function findOnPath(name: string): string | undefined {
  return (process.env.PATH ?? '')
    .split(delimiter)
    .map((dir) => join(dir, name))
    .find((file) => existsSync(file));
}

function compose(
  args: string[],
  env: Record<string, string> = { AUTH_JWT_SECRET: secret, TEMPORAL_PAYLOAD_KEYS: payloadKeys },
) {
  if (!findOnPath('docker-compose')) throw new Error(missingCompose);
  // Only PATH and HOME from the caller, so a developer's TEMPORAL_NAMESPACE etc. cannot change the result.
  const result = spawnSync('docker-compose', ['-f', composeFile, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
  });
  if (result.error) throw result.error;
  return result;
}

/**
 * docker-compose 1.29 prints the normalized file as YAML only (no --format json). Debian's docker-compose
 * is a Python script that depends on PyYAML, so its own interpreter turns that YAML into JSON.
 */
function yamlToJson(yaml: string): unknown {
  const shebang = readFileSync(findOnPath('docker-compose') ?? '', 'utf8').split('\n', 1)[0] ?? '';
  const python = shebang.startsWith('#!') && shebang.includes('python') ? shebang.slice(2).trim().split(/\s+/) : [];
  const [command = 'python3', ...args] = python;
  const result = spawnSync(
    command,
    [...args, '-c', 'import json, sys, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout)'],
    { input: yaml, encoding: 'utf8' },
  );
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`converting the compose YAML failed: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

let normalized: Compose | undefined;
function config(): Compose {
  if (!normalized) {
    const result = compose(['config']);
    if (result.status !== 0) throw new Error(`docker-compose config failed: ${result.stderr}`);
    normalized = yamlToJson(result.stdout) as Compose;
  }
  return normalized;
}

function service(name: string): Service {
  const found = config().services[name];
  if (!found) throw new Error(`service ${name} is missing`);
  return found;
}

const appServices = ['migrate', 'api', 'worker'];
const configEnvNames = Object.values(configKeys).map((key) => key.env as string);

describe('docker-compose.yml', () => {
  test('when AUTH_JWT_SECRET and TEMPORAL_PAYLOAD_KEYS are set, `docker-compose config -q` accepts the file', () => {
    const result = compose(['config', '-q']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  test('when AUTH_JWT_SECRET is missing, docker-compose refuses the file and names the variable', () => {
    const result = compose(['config', '-q'], { TEMPORAL_PAYLOAD_KEYS: payloadKeys });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('AUTH_JWT_SECRET');
  });

  test('when TEMPORAL_PAYLOAD_KEYS is missing, docker-compose refuses the file and names the variable', () => {
    // Without it each container would generate a dev key of its own: the worker could not read what the api wrote.
    const result = compose(['config', '-q'], { AUTH_JWT_SECRET: secret });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('TEMPORAL_PAYLOAD_KEYS');
  });

  test('when the api and the workers run, they share the payload keys, and the Temporal UI decodes through the api', () => {
    expect(service('api').environment?.TEMPORAL_PAYLOAD_KEYS).toBe(payloadKeys);
    expect(service('worker').environment?.TEMPORAL_PAYLOAD_KEYS).toBe(payloadKeys);
    const ui = service('temporal-ui').environment ?? {};
    expect(new URL(String(ui.TEMPORAL_CODEC_ENDPOINT)).pathname).toBe('/codec');
    expect(new URL(String(ui.TEMPORAL_CODEC_ENDPOINT)).port).toBe(String(service('api').environment?.PORT));
  });

  test('when normalized, it has the production topology', () => {
    expect(Object.keys(config().services).sort()).toEqual(
      [
        'api',
        'migrate',
        'postgresql',
        'temporal',
        'temporal-admin-tools',
        'temporal-create-namespace',
        'temporal-ui',
        'worker',
      ].sort(),
    );
    expect(service('temporal').image).toMatch(/^temporalio\/server:1\.29\./);
    expect(service('temporal-admin-tools').image).toMatch(/^temporalio\/admin-tools:1\.29\./);
    expect(service('temporal-create-namespace').image).toMatch(/^temporalio\/admin-tools:1\.29\./);
    expect(service('temporal-ui').image).toMatch(/^temporalio\/ui:2\./);
    expect(service('temporal-ui').environment?.TEMPORAL_ADDRESS).toBe('temporal:7233');
  });

  test('when a worker starts, in compose as with npm run worker, its V8 heap is bounded at workerHeapMb', () => {
    const flag = `--max-old-space-size=${workerHeapMb}`;
    expect(service('worker').command).toEqual(['node', flag, '--import', 'tsx', 'bin/worker.ts']);
    const scripts = (
      JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
    ).scripts;
    expect(scripts.worker).toBe(`node ${flag} --import tsx bin/worker.ts`);
  });

  test('when the app services read their environment, every variable is a key of config/config.ts', () => {
    for (const name of appServices) {
      const env = Object.keys(service(name).environment ?? {});
      expect(env.length, name).toBeGreaterThan(0);
      expect(
        env.filter((key) => !configEnvNames.includes(key)),
        name,
      ).toEqual([]);
    }
  });

  test('when the app services connect, they reach the compose PostgreSQL and Temporal services', () => {
    const services = Object.keys(config().services);
    for (const name of appServices) {
      const env = service(name).environment ?? {};
      const database = new URL(String(env.DATABASE_URL));
      expect(services, name).toContain(database.hostname);
      expect(database.pathname, name).toBe('/xuanren');
      const [temporalHost, temporalPort] = String(env.TEMPORAL_ADDRESS).split(':');
      expect(services, name).toContain(temporalHost);
      expect(temporalPort, name).toBe('7233');
      expect(env.TEMPORAL_NAMESPACE, name).toBe(configKeys.temporalNamespace.default);
      expect(env.TEMPORAL_TASK_QUEUE, name).toBe(configKeys.temporalTaskQueue.default);
    }
    expect(service('api').environment?.AUTH_JWT_SECRET).toBe(secret);
  });

  test('when the api runs in a container, it binds all interfaces and publishes port 3000', () => {
    const api = service('api');
    expect(api.environment?.HOST).toBe('0.0.0.0');
    expect(String(api.environment?.PORT)).toBe('3000');
    const published = (api.ports ?? []).map((port) =>
      typeof port === 'string'
        ? port
            .replace(/\/tcp$/, '')
            .split(':')
            .slice(-2)
            .join(':')
        : `${port.published}:${port.target}`,
    );
    expect(published).toContain('3000:3000');
    expect(api.command).toEqual(['npx', 'tsx', 'bin/api.ts']);
    expect(service('migrate').command).toEqual(['npx', 'tsx', 'bin/migrate.ts']);
  });

  test('when services start, one-shots finish first and health-gated dependencies have a healthcheck', () => {
    const completed = (name: string) =>
      Object.entries(service(name).depends_on ?? {})
        .filter(([, dep]) => dep.condition === 'service_completed_successfully')
        .map(([dep]) => dep)
        .sort();
    expect(completed('temporal')).toEqual(['temporal-admin-tools']);
    expect(completed('api')).toEqual(['migrate', 'temporal-create-namespace']);
    expect(completed('worker')).toEqual(['migrate', 'temporal-create-namespace']);
    for (const [name, svc] of Object.entries(config().services)) {
      for (const [dep, { condition }] of Object.entries(svc.depends_on ?? {})) {
        expect(['service_healthy', 'service_completed_successfully'], `${name} → ${dep}`).toContain(condition);
        if (condition === 'service_healthy') expect(service(dep).healthcheck, `${dep} healthcheck`).toBeDefined();
      }
    }
  });

  test('when Temporal is set up, every search attribute of the workflows is created with its type', () => {
    const setup = service('temporal-create-namespace');
    const created = String(setup.environment?.SEARCH_ATTRIBUTES).trim().split(/\s+/).sort();
    expect(created).toEqual(searchAttributeDefinitions.map(({ name, type }) => `${name}=${type}`).sort());
    const script = readFileSync(join(root, 'deploy/temporal/scripts/create-namespace.sh'), 'utf8');
    expect(script).toContain('operator search-attribute create');
    expect(setup.command).toEqual(['/scripts/create-namespace.sh']);
  });

  test('when files are mounted from the repository, they exist', () => {
    for (const [name, svc] of Object.entries(config().services)) {
      for (const volume of svc.volumes ?? []) {
        const [source = '', target = ''] = volume.split(':');
        if (!source.startsWith('/')) continue;
        expect(existsSync(source), `${name}: ${source}`).toBe(true);
        if (target.startsWith('/scripts')) {
          const script = (svc.command ?? [])[0]?.replace('/scripts', source) ?? '';
          expect(existsSync(script), `${name}: ${script}`).toBe(true);
        }
      }
    }
    const dynamicConfig = String(service('temporal').environment?.DYNAMIC_CONFIG_FILE_PATH);
    expect(existsSync(join(root, 'deploy/temporal', dynamicConfig.replace(/^config\//, '')))).toBe(true);
  });
});
