import type { Logger as TemporalLogger, LogLevel, LogMetadata } from '@temporalio/common';
import { Runtime } from '@temporalio/worker';
import type { Logger } from 'pino';

const pinoLevel = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;

/**
 * The Temporal SDK's logger interface written through pino: workflow, activity, worker and (forwarded) Core logs
 * become JSON lines with the SDK's context (workflowId, workflowRunId, activityType, attempt, …) as fields. The SDK
 * names an error `error`; pino serializes it (message, stack) only under `err`. The activity task token, an opaque
 * blob, is left out.
 */
export function temporalLogger(logger: Logger): TemporalLogger {
  const log = (level: LogLevel, message: string, meta: LogMetadata = {}) => {
    const method = pinoLevel[level];
    if (!logger.isLevelEnabled(method)) return;
    const { error, taskToken: _taskToken, ...fields } = meta;
    logger[method](error === undefined ? fields : { ...fields, err: error }, message);
  };
  return {
    log,
    trace: (message, meta) => log('TRACE', message, meta),
    debug: (message, meta) => log('DEBUG', message, meta),
    info: (message, meta) => log('INFO', message, meta),
    warn: (message, meta) => log('WARN', message, meta),
    error: (message, meta) => log('ERROR', message, meta),
  };
}

export interface WorkerTelemetry {
  /** Where Prometheus scrapes the worker process, or undefined when the exporter is off. */
  metricsUrl: string | undefined;
}

/**
 * Installs the Temporal Runtime of this process: the SDK's Prometheus exporter (its own worker metrics and the
 * xuanren_* domain series, see runtime/workflow-interceptors.ts and runtime/domain-gauges.ts) on
 * `metricsHost:metricsPort`, and the SDK's logs written through `logger`.
 *
 * Once per process, before the first Worker or NativeConnection (the Runtime is a singleton that cannot be
 * reconfigured). `metricsPort: 0` turns the exporter off. A port in use throws, unless `ifPortBusy: 'warn'`, which
 * keeps the worker running without metrics (the all-in-one dev launcher).
 */
export function installWorkerTelemetry({
  metricsPort,
  metricsHost = '127.0.0.1',
  logger,
  ifPortBusy = 'fail',
}: {
  metricsPort: number;
  metricsHost?: string;
  logger: Logger;
  ifPortBusy?: 'fail' | 'warn';
}): WorkerTelemetry {
  const sdkLogger = temporalLogger(logger);
  const logging = { forward: {}, filter: { core: 'WARN', other: 'ERROR' } } as const;
  if (metricsPort === 0) {
    Runtime.install({ logger: sdkLogger, telemetryOptions: { logging } });
    return { metricsUrl: undefined };
  }
  const bindAddress = `${metricsHost}:${metricsPort}`;
  try {
    Runtime.install({
      logger: sdkLogger,
      telemetryOptions: { logging, metrics: { prometheus: { bindAddress } } },
    });
  } catch (err) {
    if (ifPortBusy === 'fail' || !/in use/i.test(String(err))) {
      throw new Error(`worker metrics: cannot serve Prometheus metrics on ${bindAddress}: ${String(err)}`, {
        cause: err,
      });
    }
    logger.warn({ bindAddress }, 'worker metrics are off: the port is in use (set WORKER_METRICS_PORT)');
    Runtime.install({ logger: sdkLogger, telemetryOptions: { logging } });
    return { metricsUrl: undefined };
  }
  const host = metricsHost === '0.0.0.0' ? 'localhost' : metricsHost;
  return { metricsUrl: `http://${host}:${metricsPort}/metrics` };
}
