import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { createApp } from '../api/app';
import { createTokenVerifier, type AuthOptions } from '../api/auth';
import type { Config } from '../config/config';
import { connectDatabase } from '../db/client';
import { devKeyWarning } from './payload-codec';
import { connectClient } from './temporal';

export interface ApiServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export async function startApiServer(opts: {
  config: Config;
  databaseUrl: string;
  temporalAddress: string;
  temporalUiUrl?: string | undefined;
  /** Dev only (npm start on its generated secret): the dev Temporal UI, which has no sign-in, decodes via /codec. */
  codecWithoutTokenFromUi?: boolean;
  auth: AuthOptions;
  logger: Logger;
  port?: number;
}): Promise<ApiServer> {
  const { config, logger } = opts;
  const warning = devKeyWarning(config);
  if (warning) logger.warn(warning);
  const database = connectDatabase(opts.databaseUrl);
  const { client, connection } = await connectClient(opts.temporalAddress, config);
  const app = createApp({
    database,
    temporal: client,
    taskQueue: config.temporalTaskQueue,
    verifyToken: createTokenVerifier(opts.auth),
    logger,
    corsOrigins: config.corsOrigins,
    requestTimeoutMs: config.requestTimeoutMs,
    roleSignals: config.roleSignals,
    allowScaledTimers: config.allowScaledTimers,
    ...(opts.temporalUiUrl ? { temporalUiUrl: opts.temporalUiUrl } : {}),
    ...(opts.codecWithoutTokenFromUi ? { codecWithoutTokenFromUi: true } : {}),
  });
  const server = createServer(app);
  server.requestTimeout = 60_000;
  server.headersTimeout = 20_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  if (config.allowScaledTimers)
    logger.warn('ALLOW_SCALED_TIMERS is on: batches may shorten their legal periods (tests, drills and demos only)');
  return {
    url: `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`,
    port,
    stop: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timer = setTimeout(() => server.closeAllConnections(), 3000);
      await closed;
      clearTimeout(timer);
      await Promise.all([connection.close(), database.close()]);
    },
  };
}
