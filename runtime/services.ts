import { join, resolve } from 'node:path';
import type { Config } from '../config/config';
import { startEmbeddedPostgres } from './postgres';
import { startTemporalDevServer } from './temporal-dev';

export interface Services {
  databaseUrl: string;
  temporalAddress: string;
  temporalUiUrl: string | undefined;
  embedded: string[];
  stop(): Promise<void>;
}

/** Uses DATABASE_URL / TEMPORAL_ADDRESS when set; otherwise starts embedded PostgreSQL and the Temporal dev server. */
export async function resolveServices(config: Config, log: (line: string) => void): Promise<Services> {
  const stops: (() => Promise<void>)[] = [];
  const embedded: string[] = [];
  try {
    const [databaseUrl, temporal] = await Promise.all([
      config.databaseUrl ??
        startEmbeddedPostgres({ dataDir: join(resolve(config.dataDir), 'pg'), port: config.embeddedPgPort }).then(
          (pg) => {
            stops.push(pg.stop);
            embedded.push(`PostgreSQL on 127.0.0.1:${pg.port} (data in ${pg.dataDir})`);
            return pg.url;
          },
        ),
      config.temporalAddress
        ? { address: config.temporalAddress, uiUrl: config.temporalUiUrl }
        : startTemporalDevServer({
            port: config.temporalDevPort,
            uiPort: config.temporalUiPort,
            dbFile: join(resolve(config.dataDir), 'temporal.db'),
            namespace: config.temporalNamespace,
            // Its Web UI shows payloads decrypted by the API's codec endpoint (api/codec.routes.ts).
            codecEndpoint: `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}/codec`,
            log: (line) => (line.includes('"level":"error"') ? log(line) : undefined),
          }).then((server) => {
            stops.push(server.stop);
            embedded.push(`Temporal dev server on ${server.address} (state in ${config.dataDir}/temporal.db)`);
            return { address: server.address, uiUrl: config.temporalUiUrl ?? server.uiUrl };
          }),
    ]);
    return {
      databaseUrl,
      temporalAddress: temporal.address,
      temporalUiUrl: temporal.uiUrl,
      embedded,
      stop: async () => {
        await Promise.all(stops.map((stop) => stop()));
      },
    };
  } catch (err) {
    await Promise.allSettled(stops.map((stop) => stop()));
    throw err;
  }
}
