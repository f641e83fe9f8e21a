import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SERVICE_NAMES } from '@souk/contracts';
import { freePort } from '@souk/testkit';

/**
 * Starts the platform the way `npm start` does (the built launcher, `node
 * packages/launcher/dist/main.js`) in a fresh data directory with free ports, for system tests.
 * Needs a build first: the root `npm test` runs `tsc -b` before vitest.
 */

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
const LAUNCHER = path.join(ROOT, 'packages', 'launcher', 'dist', 'main.js');
/** Every service the launcher starts (contracts' service table). */
export { SERVICE_NAMES };

export interface ReadyInfo {
  gatewayUrl: string;
  registryUrl: string;
  adminEmail: string;
  adminPassword: string;
  /** Where the services send mail. */
  smtpUrl: string;
  /** The launcher's mail catcher (its page, and `/api/messages` as JSON), unless SMTP_URL was given. */
  mailUrl?: string;
  startMs: number;
  /** The services this checkout runs (those with code), by name. */
  services: Record<string, { pid: number; port: number; url: string }>;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface LauncherRun {
  process: ChildProcess;
  dataDir: string;
  readyFile: string;
  ports: Record<string, number>;
  pgPort: number;
  /** Everything the launcher printed so far (stdout and stderr, interleaved). */
  logs(): string;
  exited: Promise<Exit>;
  hasExited(): boolean;
  /** How it exited, or undefined if it is still running after `timeoutMs`. */
  exitWithin(timeoutMs: number): Promise<Exit | undefined>;
  /** Kills whatever is left (launcher, services, PostgreSQL) and removes the data directory. */
  cleanUp(): Promise<void>;
}

export interface StartOptions {
  /** Extra launcher environment, over the harness's (e.g. `PRODUCT_DEMO_CATALOG: 'false'`). */
  env?: Record<string, string>;
  /** How long to wait for the ready file (default 150 s: a first start runs initdb). */
  timeoutMs?: number;
  /** Prepares the fresh data directory before the launcher starts (e.g. to break something). */
  prepare?: (dataDir: string) => Promise<void>;
}

/** Spawns the launcher without waiting for anything. */
export async function spawnLauncher(options: StartOptions = {}): Promise<LauncherRun> {
  if (!existsSync(LAUNCHER))
    throw new Error(
      `${path.relative(ROOT, LAUNCHER)} is missing: run npx tsc -b first (npm test does)`,
    );
  const dataDir = await mkdtemp(path.join(tmpdir(), 'souk-e2e-'));
  // Running as root, PostgreSQL runs as the postgres user, which must enter the data directory.
  await chmod(dataDir, 0o755);
  await options.prepare?.(dataDir);
  const readyFile = path.join(dataDir, 'ready.json');
  const ports: Record<string, number> = {};
  const env: Record<string, string> = {};
  for (const name of SERVICE_NAMES) {
    ports[name] = await freePort();
    env[`${name.toUpperCase()}_PORT`] = String(ports[name]);
  }
  const pgPort = await freePort();
  const child = spawn(process.execPath, [LAUNCHER], {
    cwd: ROOT,
    env: {
      ...inheritedEnv(),
      ...env,
      SOUK_DATA_DIR: dataDir,
      SOUK_PG_PORT: String(pgPort),
      SOUK_READY_FILE: readyFile,
      // Several shops run at once in the tests: each catcher takes free ports.
      SOUK_MAIL_SMTP_PORT: '0',
      SOUK_MAIL_PORT: '0',
      LOG_LEVEL: 'warn',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  let done = false;
  const exited = new Promise<Exit>((resolve) =>
    child.once('close', (code, signal) => ((done = true), resolve({ code, signal }))),
  );

  return {
    process: child,
    dataDir,
    readyFile,
    ports,
    pgPort,
    logs: () => output,
    exited,
    hasExited: () => done,
    exitWithin: (timeoutMs) => Promise.race([exited, sleep(timeoutMs).then(() => undefined)]),
    async cleanUp() {
      if (!done) {
        child.kill('SIGKILL');
        await exited;
      }
      for (const pid of await leftoverPids(dataDir)) signal(pid, 'SIGKILL');
      const postmaster = await readPid(path.join(dataDir, 'postgres', 'postmaster.pid'));
      if (postmaster) {
        signal(postmaster, 'SIGQUIT');
        await waitFor(() => !isAlive(postmaster), 10_000);
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export interface System {
  gatewayUrl: string;
  registryUrl: string;
  admin: { email: string; password: string };
  /** Where the services send mail, and the launcher's mail catcher when it runs one. */
  smtpUrl: string;
  mailUrl?: string;
  /** As in the ready file when the system became ready. */
  services: ReadyInfo['services'];
  startMs: number;
  dataDir: string;
  pgPort: number;
  /** Admin URL of the system's embedded PostgreSQL (for a second launcher, DATABASE_SERVER_URL). */
  databaseServerUrl(): Promise<string>;
  ports: Record<string, number>;
  launcherPid: number;
  logs(): string;
  /** The pid the launcher recorded for a service (kept current across restarts). */
  pidOf(service: string): Promise<number | undefined>;
  /** Sends a signal to a service's process; returns the pid it went to. */
  kill(service: string, signal?: NodeJS.Signals): Promise<number>;
  /** Waits until the service runs under a pid other than `previousPid` and answers /health/ready. */
  waitForRestart(service: string, previousPid: number, timeoutMs?: number): Promise<number>;
  /** Ctrl-C: a signal to the launcher (default SIGTERM), waits for it to exit, removes the data dir. */
  stop(signal?: NodeJS.Signals): Promise<Exit>;
}

/** Starts everything and waits (bounded) until the launcher writes its ready file. */
export async function startSystem(options: StartOptions = {}): Promise<System> {
  const run = await spawnLauncher(options);
  const timeoutMs = options.timeoutMs ?? 150_000;
  const ready = await waitFor(
    async () => (run.hasExited() ? 'exited' : await readJson<ReadyInfo>(run.readyFile)),
    timeoutMs,
  );
  if (!ready || ready === 'exited') {
    const exit = run.hasExited() ? await run.exited : undefined;
    await run.cleanUp();
    throw new Error(
      `${exit ? `the launcher exited (code ${exit.code}, signal ${exit.signal})` : `not ready within ${timeoutMs / 1000} s`} before writing its ready file. Its output:\n${run.logs()}`,
    );
  }

  const pidOf = (service: string) => readPid(path.join(run.dataDir, 'run', `${service}.pid`));
  let stopped: Promise<Exit> | undefined;
  return {
    gatewayUrl: ready.gatewayUrl,
    registryUrl: ready.registryUrl,
    admin: { email: ready.adminEmail, password: ready.adminPassword },
    smtpUrl: ready.smtpUrl,
    ...(ready.mailUrl ? { mailUrl: ready.mailUrl } : {}),
    services: ready.services,
    startMs: ready.startMs,
    dataDir: run.dataDir,
    pgPort: run.pgPort,
    async databaseServerUrl() {
      const password = (await readFile(path.join(run.dataDir, 'postgres-password'), 'utf8')).trim();
      return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${run.pgPort}/postgres`;
    },
    ports: run.ports,
    launcherPid: run.process.pid!,
    logs: run.logs,
    pidOf,
    async kill(service, sig = 'SIGKILL') {
      const pid = await pidOf(service);
      if (!pid) throw new Error(`no pid recorded for ${service}`);
      process.kill(pid, sig);
      return pid;
    },
    async waitForRestart(service, previousPid, timeoutMs = 30_000) {
      const url = ready.services[service]?.url;
      if (!url) throw new Error(`${service} is not part of this system`);
      const pid = await waitFor(async () => {
        const current = await pidOf(service);
        return current &&
          current !== previousPid &&
          isAlive(current) &&
          (await answers(`${url}/health/ready`))
          ? current
          : undefined;
      }, timeoutMs);
      if (!pid)
        throw new Error(
          `${service} was not running again within ${timeoutMs / 1000} s. Launcher output:\n${run.logs()}`,
        );
      return pid;
    },
    stop(sig = 'SIGTERM') {
      stopped ??= (async () => {
        if (!run.hasExited()) run.process.kill(sig);
        const exit = await run.exitWithin(30_000);
        await run.cleanUp();
        if (!exit)
          throw new Error(
            `the launcher did not exit within 30 s of ${sig}. Its output:\n${run.logs()}`,
          );
        return exit;
      })();
      return stopped;
    },
  };
}

/** Whether something accepts connections on 127.0.0.1:port. */
export function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(true));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () =>
      server.close(() => resolve(false)),
    );
  });
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}

/** Polls until `read` gives a truthy value or the time is up (then undefined). */
export async function waitFor<T>(
  read: () => T | Promise<T>,
  timeoutMs: number,
  intervalMs = 100,
): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() >= deadline) return undefined;
    await sleep(intervalMs);
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The test runner's environment without settings that would change what the launcher does. */
function inheritedEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  const prefixes = SERVICE_NAMES.map((name) => `${name.toUpperCase()}_`);
  for (const [name, value] of Object.entries(process.env)) {
    if (
      value === undefined ||
      name.startsWith('SOUK_') ||
      prefixes.some((prefix) => name.startsWith(prefix))
    )
      continue;
    if (
      [
        'DATABASE_SERVER_URL',
        'BROKER_URL',
        'ADMIN_EMAIL',
        'ADMIN_PASSWORD',
        'LOG_LEVEL',
        'NODE_ENV',
      ].includes(name)
    )
      continue;
    env[name] = value;
  }
  return env;
}

async function readJson<T>(file: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

async function readPid(file: string): Promise<number | undefined> {
  const pid = Number((await readFile(file, 'utf8').catch(() => '')).split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

async function leftoverPids(dataDir: string): Promise<number[]> {
  const files = await readdir(path.join(dataDir, 'run')).catch(() => [] as string[]);
  const pids = await Promise.all(
    files
      .filter((file) => file.endsWith('.pid'))
      .map((file) => readPid(path.join(dataDir, 'run', file))),
  );
  return pids.filter((pid): pid is number => pid !== undefined && isAlive(pid));
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // Already gone.
  }
}
