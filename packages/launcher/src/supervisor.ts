import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

/** A service exits with 78 (EX_CONFIG) when its configuration is invalid: restarting cannot help. */
export const CONFIG_ERROR_EXIT_CODE = 78;

const FIRST_DELAY_MS = 1_000;
const MAX_DELAY_MS = 30_000;
/** A process that stayed up this long is healthy again: its next crash restarts after 1 s. */
export const STABLE_UPTIME_MS = 60_000;

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** 1 s, 2 s, 4 s … at most 30 s, for the 1st, 2nd, 3rd … crash in a row. */
export function restartDelay(crashesInARow: number): number {
  return Math.min(FIRST_DELAY_MS * 2 ** Math.max(0, crashesInARow - 1), MAX_DELAY_MS);
}

/** After a crash: how many crashes in a row this makes, and how long to wait before restarting. */
export function nextRestart(
  crashesBefore: number,
  uptimeMs: number,
): { crashesInARow: number; delayMs: number } {
  const crashesInARow = uptimeMs >= STABLE_UPTIME_MS ? 1 : crashesBefore + 1;
  return { crashesInARow, delayMs: restartDelay(crashesInARow) };
}

export function describeExit(exit: ExitInfo): string {
  return exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
}

export function formatDelay(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

export interface ProcessSpec {
  name: string;
  /** Script run with this Node.js binary. */
  entry: string;
  cwd: string;
  env: Record<string, string>;
}

export interface SupervisorEvents {
  line(name: string, line: string, stream: 'stdout' | 'stderr'): void;
  spawned(name: string, pid: number): void;
  restarting(name: string, exit: ExitInfo, delayMs: number): void;
  /** Exited with 78: not restarted; the launcher stops everything. */
  invalidConfiguration(name: string, recentLines: string[]): void;
}

export interface SupervisedProcess {
  readonly name: string;
  readonly pid: number | undefined;
  readonly restarts: number;
  /** The last lines it printed, for error messages. */
  recentLines(): string[];
  start(): void;
  /** SIGTERM, then SIGKILL if it is still running at `deadline` (epoch ms). No restart after. */
  stop(deadline: number): Promise<void>;
  /** SIGKILL now, no waiting (a second Ctrl-C, or the launcher itself dying). */
  kill(): void;
}

const RECENT_LINES = 40;

/**
 * Runs one service as its own OS process and restarts it with backoff when it exits on its own.
 * Each runs in its own process group, so a Ctrl-C in the terminal reaches only the launcher,
 * which then stops the services in order.
 */
export function superviseProcess(spec: ProcessSpec, events: SupervisorEvents): SupervisedProcess {
  let child: ChildProcess | undefined;
  let closed: Promise<void> = Promise.resolve();
  let stopping = false;
  let crashesInARow = 0;
  let restarts = 0;
  let startedAt = 0;
  let restartTimer: NodeJS.Timeout | undefined;
  const recent: string[] = [];

  function follow(stream: Readable, name: 'stdout' | 'stderr'): void {
    createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
      recent.push(line);
      if (recent.length > RECENT_LINES) recent.shift();
      events.line(spec.name, line, name);
    });
  }

  function launch(): void {
    startedAt = Date.now();
    // No --enable-source-maps: the first stack trace a service formats would parse its bundle's
    // whole source map (dependencies included) and keep about 110 MB per process. Bundles are not
    // minified, so stack traces stay readable; NODE_OPTIONS=--enable-source-maps maps them back
    // to the TypeScript when needed.
    const proc = spawn(process.execPath, [spec.entry], {
      cwd: spec.cwd,
      env: spec.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    child = proc;
    follow(proc.stdout, 'stdout');
    follow(proc.stderr, 'stderr');
    // 'close' comes after the output is read to the end, so the last lines are in `recent`.
    closed = new Promise((resolve) => {
      let done = false;
      const finish = (exit: ExitInfo) => {
        if (done) return;
        done = true;
        if (child === proc) child = undefined;
        resolve();
        exited(exit);
      };
      proc.once('close', (code, signal) => finish({ code, signal }));
      proc.once('error', (error) => {
        recent.push(`could not start: ${error.message}`);
        finish({ code: null, signal: null });
      });
    });
    if (proc.pid !== undefined) events.spawned(spec.name, proc.pid);
  }

  function exited(exit: ExitInfo): void {
    if (stopping) return;
    if (exit.code === CONFIG_ERROR_EXIT_CODE) {
      events.invalidConfiguration(spec.name, [...recent]);
      return;
    }
    const next = nextRestart(crashesInARow, Date.now() - startedAt);
    crashesInARow = next.crashesInARow;
    events.restarting(spec.name, exit, next.delayMs);
    restartTimer = setTimeout(() => {
      if (stopping) return;
      restarts += 1;
      launch();
    }, next.delayMs);
  }

  return {
    name: spec.name,
    get pid() {
      return child?.pid;
    },
    get restarts() {
      return restarts;
    },
    recentLines: () => [...recent],
    start: launch,
    async stop(deadline) {
      stopping = true;
      clearTimeout(restartTimer);
      const running = child;
      if (!running) return;
      running.kill('SIGTERM');
      const force = setTimeout(() => running.kill('SIGKILL'), Math.max(0, deadline - Date.now()));
      await closed;
      clearTimeout(force);
    },
    kill() {
      stopping = true;
      clearTimeout(restartTimer);
      child?.kill('SIGKILL');
    },
  };
}
