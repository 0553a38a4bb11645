import { Runtime } from '@temporalio/worker';
import type { Logger } from 'pino';
import type { Config } from '../config/config';
import { connectDatabase } from '../db/client';
import { createGaugesRepository } from '../db/gauges.repository';
import { startDomainGauges } from './domain-gauges';
import { devKeyWarning, temporalDataConverter } from './payload-codec';
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
  /** Sets the xuanren_objections_open / xuanren_batches_open gauges from PostgreSQL every `intervalMs`. */
  domainGauges?: { intervalMs?: number };
}): Promise<RunningWorker> {
  const warning = devKeyWarning(opts.config);
  if (warning) opts.logger.warn(warning);
  const database = connectDatabase(opts.databaseUrl);
  const connection = await connectWorker(opts.temporalAddress, opts.config);
  const worker = await createWorker({
    connection,
    namespace: opts.config.temporalNamespace,
    taskQueue: opts.config.temporalTaskQueue,
    db: database.db,
    dataConverter: temporalDataConverter(opts.config),
    maxCachedWorkflows: opts.config.workerMaxCachedWorkflows,
  });
  const gauges = opts.domainGauges
    ? startDomainGauges({
        counts: createGaugesRepository({ db: database.db }),
        meter: Runtime.instance().metricMeter,
        logger: opts.logger,
        ...opts.domainGauges,
      })
    : undefined;
  const done = worker.run().finally(async () => {
    await gauges?.stop();
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
