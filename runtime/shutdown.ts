import type { Logger } from 'pino';

const stops: (() => Promise<void>)[] = [];
let stopping = false;

/**
 * Registers a stop function; on SIGINT/SIGTERM they run in reverse order of registration (API first, then the
 * worker, then the services they use). A second signal, or 10 s, forces the exit.
 */
export function onShutdown(logger: Logger, stop: () => Promise<void>) {
  if (stops.length === 0) {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void shutdown(logger, signal));
  }
  stops.push(stop);
}

let stoppingSince = 0;

async function shutdown(logger: Logger, signal: string) {
  // npm forwards the terminal's Ctrl-C as well: a repeat within 1.5 s is the same request, a later one forces.
  if (stopping) {
    if (Date.now() - stoppingSince > 1500) process.exit(1);
    return;
  }
  stopping = true;
  stoppingSince = Date.now();
  logger.info({ signal }, 'shutting down');
  const force = setTimeout(() => {
    logger.error('shutdown took longer than 10 s; exiting');
    process.exit(1);
  }, 10_000);
  force.unref();
  let code = 0;
  for (const stop of stops.reverse()) {
    try {
      await stop();
    } catch (err) {
      code = 1;
      logger.error({ err }, 'error while shutting down');
    }
  }
  logger.info('stopped');
  process.exit(code);
}
