import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  adminCredentials,
  livePidFromFile,
  prepareDataDir,
  stopLeftoverServices,
  writePidFile,
} from './run-files.js';

describe('files kept in the data directory', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'souk-data-'));
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  it('when no admin account is configured, then a strong password is generated once, kept private, and reused', async () => {
    const first = await adminCredentials(dataDir, {});
    expect(first).toMatchObject({ email: 'admin@souk.local', source: 'generated' });
    expect(first.password).toMatch(/^[\w-]{24}$/);
    const file = path.join(dataDir, 'admin-credentials.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({
      email: 'admin@souk.local',
      password: first.password,
    });

    const second = await adminCredentials(dataDir, {});
    expect(second).toMatchObject({
      email: 'admin@souk.local',
      password: first.password,
      source: 'stored',
    });
  });

  it('when two fresh data directories are used, then their passwords differ', async () => {
    const other = await mkdtemp(path.join(tmpdir(), 'souk-data-'));
    try {
      expect((await adminCredentials(dataDir, {})).password).not.toBe(
        (await adminCredentials(other, {})).password,
      );
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });

  it('when ADMIN_EMAIL and ADMIN_PASSWORD are given, then they are used and nothing is written', async () => {
    const credentials = await adminCredentials(dataDir, {
      ADMIN_EMAIL: 'boss@shop.ma',
      ADMIN_PASSWORD: 'given-password',
    });
    expect(credentials).toMatchObject({
      email: 'boss@shop.ma',
      password: 'given-password',
      source: 'env',
    });
    await expect(stat(path.join(dataDir, 'admin-credentials.json'))).rejects.toThrow();
  });

  it('when a pid file names a live process, then it is reported; a dead one is not', async () => {
    await prepareDataDir(dataDir);
    await writePidFile(dataDir, 'order', process.ppid);
    expect(await livePidFromFile(dataDir, 'order')).toBe(process.ppid);
    await writePidFile(dataDir, 'order', 2 ** 22 + 17);
    expect(await livePidFromFile(dataDir, 'order')).toBeUndefined();
    expect(await livePidFromFile(dataDir, 'nothing')).toBeUndefined();
  });

  it('when a service of an earlier run is still alive, then it is stopped; a live pid running something else is left alone', async () => {
    await prepareDataDir(dataDir);
    const entry = path.join(dataDir, 'main.js');
    await writeFile(entry, 'setInterval(() => {}, 1000);');
    const leftover = spawn(process.execPath, [entry], { stdio: 'ignore' });
    const unrelated = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], {
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => leftover.once('exit', resolve));
    try {
      await writePidFile(dataDir, 'order', leftover.pid!);
      await writePidFile(dataDir, 'payment', unrelated.pid!);
      const stopped = await stopLeftoverServices(dataDir, [
        { name: 'order', entry },
        { name: 'payment', entry: path.join(dataDir, 'other.js') },
        { name: 'client', entry },
      ]);
      expect(stopped).toEqual([{ name: 'order', pid: leftover.pid }]);
      await exited;
      expect(await livePidFromFile(dataDir, 'payment')).toBe(unrelated.pid);
    } finally {
      leftover.kill('SIGKILL');
      unrelated.kill('SIGKILL');
    }
  });
});
