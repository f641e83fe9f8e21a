import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  describeExit,
  formatDelay,
  nextRestart,
  restartDelay,
  superviseProcess,
  type ExitInfo,
} from './supervisor.js';

describe('restart backoff', () => {
  it('when a service crashes again and again, then the wait doubles from 1 s up to 30 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map(restartDelay)).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000,
    ]);
  });

  it('when crashes follow quick starts, then each counts towards the backoff', () => {
    let crashes = 0;
    const delays: number[] = [];
    for (let i = 0; i < 4; i++) {
      const next = nextRestart(crashes, 5_000);
      crashes = next.crashesInARow;
      delays.push(next.delayMs);
    }
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000]);
  });

  it('when a service had been up for 60 s before crashing, then the backoff starts over at 1 s', () => {
    expect(nextRestart(5, 59_999)).toEqual({ crashesInARow: 6, delayMs: 30_000 });
    expect(nextRestart(5, 60_000)).toEqual({ crashesInARow: 1, delayMs: 1_000 });
  });

  it('exits and delays read well in the message to the user', () => {
    expect(
      `order ${describeExit({ code: 1, signal: null })}; restarting in ${formatDelay(2_000)}`,
    ).toBe('order exited with code 1; restarting in 2 s');
    expect(describeExit({ code: null, signal: 'SIGKILL' })).toBe('was killed by SIGKILL');
    expect(formatDelay(1_500)).toBe('1.5 s');
  });
});

describe('supervising a real process', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'souk-supervisor-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  async function script(name: string, body: string): Promise<string> {
    const file = path.join(dir, name);
    await writeFile(file, body);
    return file;
  }

  function recorder() {
    const events = {
      lines: [] as string[],
      pids: [] as number[],
      restarts: [] as { exit: ExitInfo; delayMs: number }[],
      invalid: [] as string[][],
    };
    return {
      events,
      handlers: {
        line: (_name: string, line: string, stream: string) =>
          events.lines.push(`${stream}: ${line}`),
        spawned: (_name: string, pid: number) => events.pids.push(pid),
        restarting: (_name: string, exit: ExitInfo, delayMs: number) =>
          events.restarts.push({ exit, delayMs }),
        invalidConfiguration: (_name: string, lines: string[]) => events.invalid.push(lines),
      },
    };
  }

  async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!check() && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    if (!check()) throw new Error('condition not reached in time');
  }

  it('when a process crashes, then the user is told and it runs again after 1 s with its output followed', async () => {
    // First run crashes; the second finds the marker and stays up.
    const marker = path.join(dir, 'ran-once');
    const entry = await script(
      'crash-once.mjs',
      `import { existsSync, writeFileSync } from 'node:fs';
       if (!existsSync(${JSON.stringify(marker)})) { writeFileSync(${JSON.stringify(marker)}, ''); console.error('first run, crashing'); process.exit(3); }
       console.log('second run, staying up'); setInterval(() => {}, 1000);`,
    );
    const { events, handlers } = recorder();
    const child = superviseProcess(
      { name: 'order', entry, cwd: dir, env: { PATH: process.env.PATH ?? '' } },
      handlers,
    );
    child.start();
    try {
      await until(() => events.lines.includes('stdout: second run, staying up'));
      expect(events.restarts).toEqual([{ exit: { code: 3, signal: null }, delayMs: 1_000 }]);
      expect(events.lines).toContain('stderr: first run, crashing');
      expect(events.pids).toHaveLength(2);
      expect(child.pid).toBe(events.pids[1]);
      expect(child.restarts).toBe(1);
    } finally {
      await child.stop(Date.now() + 2_000);
    }
    expect(child.pid).toBeUndefined();
  });

  it('when a process exits with 78, then it is not restarted and its last lines are handed over', async () => {
    const entry = await script(
      'bad-config.mjs',
      `console.error('[order] Invalid configuration:'); console.error('  - DATABASE_URL: required'); process.exit(78);`,
    );
    const { events, handlers } = recorder();
    const child = superviseProcess({ name: 'order', entry, cwd: dir, env: {} }, handlers);
    child.start();
    await until(() => events.invalid.length > 0);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(events.invalid).toEqual([
      ['[order] Invalid configuration:', '  - DATABASE_URL: required'],
    ]);
    expect(events.restarts).toEqual([]);
    expect(events.pids).toHaveLength(1);
  });

  it('when a process ignores SIGTERM, then stop kills it at the deadline and does not restart it', async () => {
    const entry = await script(
      'stubborn.mjs',
      `process.on('SIGTERM', () => console.log('ignoring SIGTERM')); console.log('up'); setInterval(() => {}, 1000);`,
    );
    const { events, handlers } = recorder();
    const child = superviseProcess({ name: 'gateway', entry, cwd: dir, env: {} }, handlers);
    child.start();
    await until(() => events.lines.includes('stdout: up'));
    const started = Date.now();
    await child.stop(Date.now() + 500);
    const took = Date.now() - started;
    expect(events.lines).toContain('stdout: ignoring SIGTERM');
    expect(took).toBeGreaterThanOrEqual(450);
    expect(took).toBeLessThan(3_000);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(events.restarts).toEqual([]);
    expect(events.pids).toHaveLength(1);
  });
});
