// The full Temporal server (not the dev server) persisting to PostgreSQL: its schemas, its configuration and
// its process. The same steps as docker-compose.yml's temporal-admin-tools and temporal services.
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Connection } from '@temporalio/client';
import type { TemporalServerTools } from './build';
import { SupervisedProcess } from './processes';

const run = promisify(execFile);

export interface SqlEndpoint {
  host: string;
  port: number;
  user: string;
  password: string;
}

export const temporalDatabases = { main: 'temporal', visibility: 'temporal_visibility' } as const;

/**
 * Creates and upgrades the `temporal` and `temporal_visibility` databases with temporal-sql-tool, as
 * deploy/temporal/scripts/setup-postgres.sh does in compose. Idempotent: an existing database is kept,
 * `setup-schema -v 0.0` only adds the version tables if missing, `update-schema` applies only newer versions.
 */
export async function setupTemporalSchema(tools: TemporalServerTools, sql: SqlEndpoint) {
  const env = {
    ...process.env,
    SQL_PLUGIN: 'postgres12',
    SQL_HOST: sql.host,
    SQL_PORT: String(sql.port),
    SQL_USER: sql.user,
    SQL_PASSWORD: sql.password,
  };
  const steps: [string, string[]][] = [];
  for (const [db, dir] of [
    [temporalDatabases.main, 'temporal'],
    [temporalDatabases.visibility, 'visibility'],
  ] as const) {
    steps.push(
      [db, ['create-database']],
      [db, ['setup-schema', '-v', '0.0']],
      [db, ['update-schema', '-d', join(tools.schemaDir, dir, 'versioned')]],
    );
  }
  for (const [db, args] of steps) {
    try {
      await run(tools.sqlTool, ['--db', db, ...args], { env });
    } catch (err) {
      const e = err as { stderr?: string; stdout?: string; message?: string };
      throw new Error(
        `temporal-sql-tool --db ${db} ${args.join(' ')} failed: ${(e.stderr || e.stdout || e.message || '').slice(-2000)}`,
        { cause: err },
      );
    }
  }
}

/** Ports of one server: the frontend on `frontend`, every other listener on the next 11 ports. */
export function serverPorts(frontend: number) {
  return {
    frontend,
    history: frontend + 1,
    matching: frontend + 2,
    worker: frontend + 3,
    frontendHttp: frontend + 4,
    frontendMembership: frontend + 5,
    historyMembership: frontend + 6,
    matchingMembership: frontend + 7,
    workerMembership: frontend + 8,
    metrics: frontend + 9,
    /** The frontend the server's own worker service uses once the public one authorizes (see writeServerConfig). */
    internalFrontend: frontend + 10,
    internalFrontendMembership: frontend + 11,
  };
}

/** How many consecutive ports a server takes from its frontend port on. */
export const serverPortCount = 12;

/** Replaces `from` by `to`, exactly `times` times, or says the module's file is not the one this was written for. */
function replaceExactly(text: string, from: string, to: string, times = 1) {
  const found = text.split(from).length - 1;
  if (found !== times)
    throw new Error(`Temporal's config template changed: expected ${times}× ${JSON.stringify(from)}, found ${found}`);
  return text.split(from).join(to);
}

/**
 * The module's config/development-postgres12.yaml with the connection and the ports changed (and pprof off),
 * written to `configDir/development.yaml`, with its dynamic config beside it.
 */
export function writeServerConfig({
  tools,
  configDir,
  sql,
  frontendPort,
  logLevel = 'info',
  authorization,
}: {
  tools: TemporalServerTools;
  configDir: string;
  sql: SqlEndpoint;
  frontendPort: number;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /** The server's own JWT authorization (default claim mapper and authorizer), keys from this JWKS URL. */
  authorization?: { jwksUrl: string };
}) {
  const ports = serverPorts(frontendPort);
  // cluster_membership.rpc_port is a smallint: a port above 32767 stops the server at start.
  if (ports.internalFrontendMembership > 32767)
    throw new Error(
      `Temporal port ${frontendPort} is too high: the server's ports (up to +${serverPortCount - 1}) must stay below 32768`,
    );
  const dynamicConfigFile = join(configDir, 'dynamicconfig', 'development-sql.yaml');
  let config = readFileSync(tools.baseConfig, 'utf8');
  const q = JSON.stringify;
  config = replaceExactly(config, '  level: info', `  level: ${logLevel}`);
  config = replaceExactly(config, 'connectAddr: "127.0.0.1:5432"', `connectAddr: ${q(`${sql.host}:${sql.port}`)}`, 2);
  config = replaceExactly(config, 'user: "temporal"', `user: ${q(sql.user)}`, 2);
  config = replaceExactly(config, 'password: "temporal"', `password: ${q(sql.password)}`, 2);
  config = replaceExactly(config, 'port: 7936', 'port: 0');
  config = replaceExactly(config, 'listenAddress: "127.0.0.1:8000"', `listenAddress: "127.0.0.1:${ports.metrics}"`);
  config = replaceExactly(config, 'grpcPort: 7233', `grpcPort: ${ports.frontend}`);
  config = replaceExactly(config, 'grpcPort: 7234', `grpcPort: ${ports.history}`);
  config = replaceExactly(config, 'grpcPort: 7235', `grpcPort: ${ports.matching}`);
  config = replaceExactly(config, 'grpcPort: 7239', `grpcPort: ${ports.worker}`);
  config = replaceExactly(config, 'httpPort: 7243', `httpPort: ${ports.frontendHttp}`);
  config = replaceExactly(config, 'membershipPort: 6933', `membershipPort: ${ports.frontendMembership}`);
  config = replaceExactly(config, 'membershipPort: 6934', `membershipPort: ${ports.historyMembership}`);
  config = replaceExactly(config, 'membershipPort: 6935', `membershipPort: ${ports.matchingMembership}`);
  config = replaceExactly(config, 'membershipPort: 6939', `membershipPort: ${ports.workerMembership}`);
  config = replaceExactly(config, 'rpcAddress: "localhost:7233"', `rpcAddress: "127.0.0.1:${ports.frontend}"`);
  // Read relative to the server's working directory; absolute, it does not matter where it runs.
  config = replaceExactly(
    config,
    'filepath: "config/dynamicconfig/development-sql.yaml"',
    `filepath: ${q(dynamicConfigFile)}`,
  );
  if (authorization) {
    // The frontend authorizes every call by its bearer token's `permissions` claim; the server's own worker service
    // (system workflows) reaches the cluster through an internal frontend, which does not (config.go PublicClient).
    config = replaceExactly(
      config,
      '\nglobal:\n',
      [
        '',
        'global:',
        '  authorization:',
        '    jwtKeyProvider:',
        '      keySourceURIs:',
        `        - ${q(authorization.jwksUrl)}`,
        '      refreshInterval: 1m',
        '    permissionsClaimName: permissions',
        '    authorizer: default',
        '    claimMapper: default',
        '',
      ].join('\n'),
    );
    config = replaceExactly(
      config,
      '\nservices:\n',
      [
        '',
        'services:',
        '  internal-frontend:',
        '    rpc:',
        `      grpcPort: ${ports.internalFrontend}`,
        `      membershipPort: ${ports.internalFrontendMembership}`,
        '      bindOnLocalHost: true',
        '',
      ].join('\n'),
    );
  }
  let dynamic = readFileSync(tools.baseDynamicConfig, 'utf8');
  dynamic = replaceExactly(dynamic, 'http://localhost:7243/', `http://127.0.0.1:${ports.frontendHttp}/`);
  mkdirSync(join(configDir, 'dynamicconfig'), { recursive: true });
  const header = `# Written by runtime/cluster/temporal-server.ts from Temporal ${tools.version}'s config/development-postgres12.yaml:\n# the connection and the ports changed, pprof off${authorization ? ', JWT authorization and an internal frontend added' : ''}. Rewritten at every start; edit the generator, not this file.\n`;
  writeFileSync(join(configDir, 'development.yaml'), header + config);
  writeFileSync(dynamicConfigFile, dynamic);
  return { configFile: join(configDir, 'development.yaml'), dynamicConfigFile, ports };
}

/** `server -r ROOT -c config -e development start`, supervised; ready once the frontend's health check answers. */
export function temporalServerProcess({
  tools,
  root,
  frontendPort,
  logFile,
  onEvent,
  onLine,
  authorization = false,
}: {
  tools: TemporalServerTools;
  /** The folder holding config/development.yaml. */
  root: string;
  /** The config has an authorizer and an internal frontend (writeServerConfig's `authorization`): start it too. */
  authorization?: boolean;
  frontendPort: number;
  logFile: string;
  onEvent?: (message: string) => void;
  onLine?: (line: string) => void;
}) {
  const address = `127.0.0.1:${frontendPort}`;
  return new SupervisedProcess({
    name: 'temporal',
    command: tools.server,
    args: [
      '--root',
      root,
      '--config',
      'config',
      '--env',
      'development',
      ...(authorization ? [] : ['--allow-no-auth']),
      'start',
      ...(authorization
        ? ['frontend', 'internal-frontend', 'history', 'matching', 'worker'].flatMap((s) => ['--service', s])
        : []),
    ],
    cwd: root,
    logFile,
    readyProbe: () => serving(address),
    readyTimeoutMs: 60_000,
    stopSignal: 'SIGTERM',
    stopGraceMs: 20_000,
    ...(onEvent ? { onEvent } : {}),
    ...(onLine ? { onLine } : {}),
  });
}

/** Whether the frontend answers its gRPC health check with SERVING. */
export async function serving(address: string): Promise<boolean> {
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({ address, connectTimeout: 1000 });
    const { status } = await connection.healthService.check({});
    return status === 1;
  } catch {
    return false;
  } finally {
    await connection?.close().catch(() => undefined);
  }
}
