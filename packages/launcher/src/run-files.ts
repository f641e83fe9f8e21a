import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_ADMIN_EMAIL, type Env } from './config.js';

/** Files the launcher keeps under the data directory, between runs and for tools that watch it. */

export async function prepareDataDir(dataDir: string): Promise<void> {
  // 0755: when running as root, PostgreSQL runs as the `postgres` user and must enter it.
  // The secrets inside are files of mode 0600.
  await mkdir(path.join(dataDir, 'run'), { recursive: true, mode: 0o755 });
}

const pidFile = (dataDir: string, name: string) => path.join(dataDir, 'run', `${name}.pid`);

export async function writePidFile(dataDir: string, name: string, pid: number): Promise<void> {
  await writeFile(pidFile(dataDir, name), `${pid}\n`);
}

export async function removePidFile(dataDir: string, name: string): Promise<void> {
  await rm(pidFile(dataDir, name), { force: true });
}

/** The pid a pid file names, when that process is still alive (left over from an earlier run). */
export async function livePidFromFile(dataDir: string, name: string): Promise<number | undefined> {
  const pid = Number((await readFile(pidFile(dataDir, name), 'utf8').catch(() => '')).trim());
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return undefined;
  return isAlive(pid) ? pid : undefined;
}

/**
 * Services left running by a launcher that was killed (kill -9) hold their ports and would run
 * unsupervised: stop the ones whose pid file names a live process running that service's entry
 * (checked through /proc, so a reused pid is never hit). Returns what it stopped.
 */
export async function stopLeftoverServices(
  dataDir: string,
  services: { name: string; entry: string }[],
): Promise<{ name: string; pid: number }[]> {
  const leftovers: { name: string; pid: number }[] = [];
  for (const { name, entry } of services) {
    const pid = await livePidFromFile(dataDir, name);
    if (!pid) continue;
    const commandLine = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (commandLine.split('\0').includes(entry)) leftovers.push({ name, pid });
  }
  for (const { pid } of leftovers) signal(pid, 'SIGTERM');
  const deadline = Date.now() + 10_000;
  while (leftovers.some(({ pid }) => isAlive(pid)) && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 100));
  for (const { pid } of leftovers) if (isAlive(pid)) signal(pid, 'SIGKILL');
  return leftovers;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Already gone.
  }
}

/** Writes JSON so a reader never sees half a file (write aside, then rename). */
export async function writeJsonAtomically(
  file: string,
  value: unknown,
  mode = 0o600,
): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temporary, `${JSON.stringify(value, null, 2)}\n`, { mode });
  await rename(temporary, file);
}

export interface AdminCredentials {
  email: string;
  password: string;
  /** env: ADMIN_PASSWORD was given; generated: made on this run; stored: read from the file. */
  source: 'env' | 'generated' | 'stored';
  file: string;
}

/**
 * The admin account the auth service seeds: ADMIN_EMAIL / ADMIN_PASSWORD when given, otherwise
 * admin@souk.local with a strong password generated on the first run and kept (mode 0600) in
 * `<data>/admin-credentials.json`, so later runs log in with the same one.
 */
export async function adminCredentials(dataDir: string, env: Env): Promise<AdminCredentials> {
  const file = path.join(dataDir, 'admin-credentials.json');
  if (env.ADMIN_PASSWORD)
    return {
      email: env.ADMIN_EMAIL || DEFAULT_ADMIN_EMAIL,
      password: env.ADMIN_PASSWORD,
      source: 'env',
      file,
    };
  const stored = await readFile(file, 'utf8')
    .then((text) => JSON.parse(text) as { email?: unknown; password?: unknown })
    .catch(() => undefined);
  if (stored && typeof stored.password === 'string' && stored.password.length > 0) {
    const email =
      env.ADMIN_EMAIL || (typeof stored.email === 'string' ? stored.email : DEFAULT_ADMIN_EMAIL);
    return { email, password: stored.password, source: 'stored', file };
  }
  const credentials = {
    email: env.ADMIN_EMAIL || DEFAULT_ADMIN_EMAIL,
    password: generatePassword(),
  };
  await writeJsonAtomically(file, credentials, 0o600);
  return { ...credentials, source: 'generated', file };
}

/** 144 random bits, letters, digits, `-` and `_`. */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}
