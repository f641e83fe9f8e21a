import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { packageRoot } from '@souk/platform';

/** Lower-cased, so one lookup answers whatever the case the person typed. */
export type CommonPasswords = ReadonlySet<string>;

/** The 100,000 most common passwords, one a line, gzipped (origin and licence: assets/README.md). */
export function commonPasswordsFile(): string {
  return path.join(packageRoot(import.meta.url), 'assets', 'common-passwords-top-100000.txt.gz');
}

export async function loadCommonPasswords(file = commonPasswordsFile()): Promise<CommonPasswords> {
  const text = (await promisify(gunzip)(await readFile(file))).toString('utf8');
  const passwords = new Set<string>();
  for (const line of text.split('\n')) {
    if (line) passwords.add(line.toLowerCase());
  }
  return passwords;
}

let shared: Promise<CommonPasswords> | undefined;

/**
 * The list, read once per process (about 0.1 s and 6 MiB of heap as a Set) however many app
 * instances are built: it never changes while the process runs.
 */
export function sharedCommonPasswords(): Promise<CommonPasswords> {
  shared ??= loadCommonPasswords();
  return shared;
}
