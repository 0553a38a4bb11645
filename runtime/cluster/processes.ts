// One OS process of the local cluster (Temporal server, a worker, an API), supervised like a container with
// `restart: unless-stopped`: output appended to a log file, readiness awaited, restarted after a crash.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';

export interface ProcessSpec {
  /** Short name used in messages and as the log file's name: `worker-1`, `api-2`, `temporal`. */
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  logFile: string;
  /** Ready when an output line satisfies this… */
  readyLine?: (line: string) => boolean;
  /** …or when this probe, polled every 200 ms, resolves true. */
  readyProbe?: () => Promise<boolean>;
  readyTimeoutMs?: number;
  /** Signal and grace period of a normal stop; then SIGKILL. */
  stopSignal?: NodeJS.Signals;
  stopGraceMs?: number;
  /** Restart after an exit nobody asked for (a crash, or a kill from outside). Default true. */
  restart?: boolean;
  /** Every output line, e.g. to echo errors on the console. */
  onLine?: (line: string) => void;
  /** Lifecycle messages: exits, restarts. */
  onEvent?: (message: string) => void;
}

/** Children still running; killed if this process exits without stopping them (an uncaught error, exit()). */
const live = new Set<ChildProcess>();
let exitHookInstalled = false;
function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of live) {
      try {
        // Detached children lead their own process group: kill the group.
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }
  });
}

export class SupervisedProcess {
  readonly name: string;
  private child: ChildProcess | undefined;
  private log: WriteStream | undefined;
  private stopping = false;
  private readyNow = false;
  private generation = 0;
  private readyWaiters: { resolve: () => void; reject: (err: Error) => void }[] = [];
  private restartTimer: NodeJS.Timeout | undefined;
  private lastStart = 0;
  private crashDelayMs = 500;
  /** Exits nobody asked for (crashes, kills from outside), kills through kill(), and restarts after either. */
  crashes = 0;
  kills = 0;
  restarts = 0;
  private killed = false;
  /** Inside start(): an exit before ready fails the start instead of restarting. */
  private starting = false;
  private recent: string[] = [];

  constructor(private readonly spec: ProcessSpec) {
    this.name = spec.name;
    installExitHook();
  }

  get pid() {
    return this.child?.pid;
  }
  get running() {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }
  get ready() {
    return this.readyNow && this.running;
  }

  /** Starts the process and resolves once it is ready. */
  async start(): Promise<void> {
    this.stopping = false;
    this.starting = true;
    try {
      this.spawnChild();
      await this.whenReady();
    } finally {
      this.starting = false;
    }
  }

  /** Resolves when the current (or next, if it is restarting) incarnation is ready. */
  whenReady(timeoutMs = this.spec.readyTimeoutMs ?? 120_000): Promise<void> {
    if (this.ready) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.readyWaiters = this.readyWaiters.filter((w) => w !== waiter);
        reject(new Error(`${this.name} was not ready within ${timeoutMs} ms (log: ${this.spec.logFile})`));
      }, timeoutMs);
      const waiter = {
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (err: Error) => {
          clearTimeout(timer);
          reject(err);
        },
      };
      this.readyWaiters.push(waiter);
    });
  }

  /** Sends a signal as an outsider would (kill -9): the supervisor sees an unexpected exit and restarts it. */
  kill(signal: NodeJS.Signals = 'SIGKILL') {
    if (!this.running) return false;
    this.readyNow = false;
    this.killed = true;
    this.kills++;
    process.kill(this.child!.pid!, signal);
    return true;
  }

  /** Stops the process for good (until start() again): the stop signal, then SIGKILL after the grace period. */
  async stop(signal: NodeJS.Signals = this.spec.stopSignal ?? 'SIGTERM', graceMs = this.spec.stopGraceMs ?? 15_000) {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    this.readyNow = false;
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => {
        this.spec.onEvent?.(`${this.name} did not stop within ${graceMs} ms: killing it`);
        child.kill('SIGKILL');
      }, graceMs);
      child.once('exit', () => {
        clearTimeout(force);
        resolve();
      });
      child.kill(signal);
    });
    await this.closeLog();
  }

  private spawnChild() {
    const { spec } = this;
    mkdirSync(dirname(spec.logFile), { recursive: true });
    this.log ??= createWriteStream(spec.logFile, { flags: 'a' });
    this.generation++;
    this.readyNow = false;
    this.lastStart = Date.now();
    this.log.write(`--- ${new Date().toISOString()} ${spec.name} starting: ${spec.command} ${spec.args.join(' ')}\n`);
    const child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: spec.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group: a Ctrl-C in the terminal reaches only the launcher, which stops things in order.
      detached: true,
    });
    this.child = child;
    live.add(child);
    const generation = this.generation;
    for (const stream of [child.stdout!, child.stderr!]) {
      createInterface({ input: stream }).on('line', (line) => {
        this.log?.write(`${line}\n`);
        this.recent.push(line.length > 400 ? `${line.slice(0, 400)}…` : line);
        if (this.recent.length > 12) this.recent.shift();
        spec.onLine?.(line);
        if (generation === this.generation && !this.readyNow && spec.readyLine?.(line)) this.markReady();
      });
    }
    if (spec.readyProbe) void this.probe(generation);
    child.once('error', (err) => this.spec.onEvent?.(`${spec.name} could not start: ${err.message}`));
    // 'close': after the last output line, so a failed start can show it.
    child.once('close', (code, signal) => {
      live.delete(child);
      this.readyNow = false;
      this.log?.write(`--- ${new Date().toISOString()} ${spec.name} exited (${signal ?? `code ${code}`})\n`);
      if (this.stopping) return;
      const killed = this.killed;
      this.killed = false;
      if (!killed) {
        this.crashes++;
        // Crashing again and again: back off, as a container runtime does.
        const shortLived = Date.now() - this.lastStart < 10_000;
        this.crashDelayMs = shortLived ? Math.min(this.crashDelayMs * 2, 10_000) : 500;
      }
      const delay = killed ? 200 : this.crashDelayMs;
      if (spec.restart === false || this.starting) {
        const err = new Error(
          `${spec.name} exited (${signal ?? `code ${code}`}) before it was ready; see ${spec.logFile}:\n${this.recent.join('\n')}`,
        );
        for (const w of this.readyWaiters.splice(0)) w.reject(err);
        this.spec.onEvent?.(err.message);
        return;
      }
      if (!killed)
        this.spec.onEvent?.(
          `${spec.name} exited (${signal ?? `code ${code}`}); restarting in ${delay} ms (log: ${spec.logFile})`,
        );
      this.restartTimer = setTimeout(() => {
        if (this.stopping) return;
        this.restarts++;
        this.spawnChild();
      }, delay);
    });
  }

  private async probe(generation: number) {
    while (generation === this.generation && this.running && !this.readyNow && !this.stopping) {
      if (await this.spec.readyProbe!().catch(() => false)) {
        if (generation === this.generation && this.running) this.markReady();
        return;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  private markReady() {
    this.readyNow = true;
    for (const w of this.readyWaiters.splice(0)) w.resolve();
  }

  private closeLog() {
    const log = this.log;
    this.log = undefined;
    return new Promise<void>((resolve) => (log ? log.end(() => resolve()) : resolve()));
  }
}
