import type { Logger } from 'pino';
import type { Config } from '../config/config';
import { connectDatabase } from '../db/client';
import { connectWorker } from './temporal';
import { createWorker } from './worker';

export interface RunningWorker {
  stop(): Promise<void>;
  /** Settles when the worker stops, rejecting if it crashed. */
  done: Promise<void>;
}

export async function startWorker(opts: {
  config: Config;
  databaseUrl: string;
  temporalAddress: string;
  logger: Logger;
}): Promise<RunningWorker> {
  const database = connectDatabase(opts.databaseUrl);
  const connection = await connectWorker(opts.temporalAddress, opts.config);
  const worker = await createWorker({
    connection,
    namespace: opts.config.temporalNamespace,
    taskQueue: opts.config.temporalTaskQueue,
    db: database.db,
  });
  const done = worker.run().finally(async () => {
    await connection.close();
    await database.close();
  });
  return {
    done,
    stop: async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await done;
    },
  };
}
