// Start-up time and memory of the whole system as `npm start` runs it: a cold start (new data
// directory: initdb, migrations, demo catalog) and a warm start (the same directory again), each
// from spawning the launcher to its ready file; then the resident memory of every process.
import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '@souk/testkit';
import { ROOT, SERVICE_NAMES, waitFor } from '../e2e/support/system.js';
import { processTree, table, treeMemory } from './support.js';

const dataDir = await mkdtemp(path.join(tmpdir(), 'souk-bench-start-'));
await chmod(dataDir, 0o755);
const ports: Record<string, string> = {};
for (const name of SERVICE_NAMES) ports[`${name.toUpperCase()}_PORT`] = String(await freePort());
const pgPort = String(await freePort());

async function start(label: string) {
  const readyFile = path.join(dataDir, `ready-${label}.json`);
  const began = performance.now();
  const child = spawn(process.execPath, [path.join(ROOT, 'packages/launcher/dist/main.js')], {
    cwd: ROOT,
    env: {
      ...process.env,
      ...ports,
      SOUK_DATA_DIR: dataDir,
      SOUK_PG_PORT: pgPort,
      SOUK_READY_FILE: readyFile,
      SOUK_MAIL_SMTP_PORT: '0',
      SOUK_MAIL_PORT: '0',
      LOG_LEVEL: 'warn',
    },
    stdio: 'ignore',
  });
  const ready = await waitFor(
    () => readFile(readyFile, 'utf8').catch(() => undefined),
    180_000,
    50,
  );
  const wallMs = performance.now() - began;
  if (!ready) throw new Error(`${label} start did not become ready`);
  // Let start-up work settle (JIT, first pg-boss maintenance) before reading memory.
  await new Promise((resolve) => setTimeout(resolve, 5_000));
  const memory = await treeMemory(child.pid!);
  const perProcess: Array<{ process: string; 'rss MB': string }> = [];
  for (const pid of await processTree(child.pid!)) {
    const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
    const cmdline = (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => ''))
      .split('\0')
      .join(' ');
    const service =
      /services\/([a-z]+)\//.exec(cmdline)?.[1] ??
      (cmdline.includes('launcher') ? 'launcher' : 'postgres');
    perProcess.push({
      process: service,
      'rss MB': (Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024).toFixed(0),
    });
  }
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  return { wallMs, reportedMs: JSON.parse(ready).startMs as number, memory, perProcess };
}

try {
  const tscStarted = performance.now();
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-b'], {
    cwd: ROOT,
  });
  const tscMs = performance.now() - tscStarted;
  const cold = await start('cold');
  const warm = await start('warm');
  console.log(
    '\nStart-up, from spawning the launcher to "ready" (every service answering /health/ready)\n',
  );
  console.log(
    table([
      {
        run: 'cold (new data dir)',
        'wall s': (cold.wallMs / 1000).toFixed(1),
        'launcher s': (cold.reportedMs / 1000).toFixed(1),
      },
      {
        run: 'warm (same data dir)',
        'wall s': (warm.wallMs / 1000).toFixed(1),
        'launcher s': (warm.reportedMs / 1000).toFixed(1),
      },
    ]),
  );
  console.log(
    `\n\`npm start\` also runs \`tsc -b\` first: ${(tscMs / 1000).toFixed(1)} s when nothing changed.`,
  );
  const grouped = new Map<string, number>();
  for (const entry of warm.perProcess)
    grouped.set(entry.process, (grouped.get(entry.process) ?? 0) + Number(entry['rss MB']));
  console.log(`\nMemory after the warm start (${warm.memory.processes} processes):`);
  console.log(
    `RSS sum ${(warm.memory.rssKb / 1024).toFixed(0)} MB (counts PostgreSQL shared memory once per backend), PSS sum ${(warm.memory.pssKb / 1024).toFixed(0)} MB (shared pages split fairly)\n`,
  );
  console.log(table([...grouped].map(([process, mb]) => ({ process, 'rss MB': mb }))));
} finally {
  await rm(dataDir, { recursive: true, force: true });
}
