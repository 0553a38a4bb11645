import type { ChildProcess } from 'node:child_process';

/** Asks a child process to stop with `signal`, and kills it if it has not exited after `graceMs`. */
export function stopChild(
  child: ChildProcess,
  { signal = 'SIGTERM', graceMs = 8000 }: { signal?: NodeJS.Signals; graceMs?: number } = {},
) {
  return new Promise<void>((resolvePromise) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolvePromise();
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolvePromise();
    });
    child.kill(signal);
  });
}
