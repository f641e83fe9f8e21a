import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  answers,
  isAlive,
  isListening,
  spawnLauncher,
  startSystem,
  waitFor,
  type System,
} from './support/system.js';

// `npm start` as a user runs it: the built launcher, real processes, an embedded PostgreSQL.

interface Instance {
  instanceId: string;
  url: string;
  registeredAt: string;
}

async function registered(registryUrl: string): Promise<Map<string, Instance[]>> {
  const response = await fetch(`${registryUrl}/registry/services`);
  const body = (await response.json()) as {
    services: { service: string; instances: Instance[] }[];
  };
  return new Map(body.services.map((entry) => [entry.service, entry.instances]));
}

describe('npm start', () => {
  let system: System;
  /** Services that register with the registry (all but the registry itself). */
  let registering: string[];

  beforeAll(async () => {
    system = await startSystem();
    registering = Object.keys(system.services).filter((name) => name !== 'registry');
  }, 180_000);
  afterAll(() => system?.stop(), 60_000);

  it('when it is ready, then the registry and every service answer, and the banner says where to go', async () => {
    expect(Object.keys(system.services)).toContain('registry');
    for (const [name, service] of Object.entries(system.services)) {
      expect(await answers(`${service.url}/health/ready`), `${name} /health/ready`).toBe(true);
      expect(isAlive(service.pid), `${name} pid ${service.pid}`).toBe(true);
    }
    expect(await answers(`${system.registryUrl}/registry/services`)).toBe(true);
    if (system.services.gateway)
      expect(await answers(`${system.gatewayUrl}/health/live`)).toBe(true);

    const logs = system.logs();
    expect(logs).toMatch(/souk is ready in \d+\.\d s/);
    expect(logs).toContain(`http://localhost:${system.ports.registry}/registry/services`);
    if (system.services.gateway)
      expect(logs).toContain(`http://localhost:${system.ports.gateway}/api/docs`);
    expect(system.startMs).toBeGreaterThan(0);
  });

  it('when it is ready, then its mail catcher answers, the banner links to it and notification sends there', async () => {
    expect(system.mailUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(system.smtpUrl).toMatch(/^smtp:\/\/127\.0\.0\.1:\d+$/);
    expect(system.logs()).toContain(`${system.mailUrl!.replace('127.0.0.1', 'localhost')}/`);
    const inbox = await fetch(`${system.mailUrl}/api/messages`);
    expect(inbox.status).toBe(200);
    expect(Array.isArray(await inbox.json())).toBe(true);
  });

  it('when started without an admin account, then a generated one is kept private in the data dir and shown once', async () => {
    const file = path.join(system.dataDir, 'admin-credentials.json');
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({
      email: 'admin@souk.local',
      password: system.admin.password,
    });
    expect(system.admin.password.length).toBeGreaterThanOrEqual(20);
    expect(system.logs()).toContain(system.admin.password);
  });

  it('when it is ready, then every service is registered under the URL it runs on', async () => {
    const services = await waitFor(async () => {
      const current = await registered(system.registryUrl);
      return registering.every((name) => current.has(name)) ? current : undefined;
    }, 10_000);
    expect(services, 'every service registered').toBeDefined();
    for (const name of registering) {
      expect(services!.get(name)!.map((instance) => instance.url)).toEqual([
        system.services[name]!.url,
      ]);
    }
  });

  it('when a service is killed with kill -9, then the launcher says so, restarts it, and it registers again', async () => {
    const target = registering.find((name) => name !== 'gateway') ?? registering[0] ?? 'registry';
    const killedAt = Date.now();
    const oldPid = await system.kill(target, 'SIGKILL');

    const newPid = await system.waitForRestart(target, oldPid);
    expect(newPid).not.toBe(oldPid);
    expect(system.logs()).toContain(`${target} was killed by SIGKILL; restarting in 1 s`);
    if (target !== 'registry') {
      // The restarted process registers anew, replacing the dead one's entry (same instance id).
      const instances = await waitFor(async () => {
        const list = (await registered(system.registryUrl)).get(target) ?? [];
        return list.length === 1 && Date.parse(list[0]!.registeredAt) >= killedAt
          ? list
          : undefined;
      }, 10_000);
      expect(instances, `${target} registered again after the restart`).toBeDefined();
    }
  }, 60_000);

  it('when the registry is killed, then it is restarted empty and the services register again on their next heartbeat', async () => {
    const oldPid = await system.kill('registry', 'SIGKILL');
    await system.waitForRestart('registry', oldPid);
    // Heartbeats come every 5 s; a 404 heartbeat makes a service register again.
    const services = await waitFor(async () => {
      const current = await registered(system.registryUrl);
      return registering.every((name) => current.has(name)) ? current : undefined;
    }, 15_000);
    expect(services && [...services.keys()].sort()).toEqual([...registering].sort());
  }, 60_000);

  it('when a service exits with an invalid configuration (78), then the launcher stops everything and exits 78', async () => {
    // A second launcher on this system's PostgreSQL (DATABASE_SERVER_URL: no embedded one started).
    const run = await spawnLauncher({
      env: {
        DATABASE_SERVER_URL: await system.databaseServerUrl(),
        REGISTRY_INSTANCE_TTL_MS: 'soon',
      },
    });
    try {
      const exit = await run.exitWithin(60_000);
      expect(exit, run.logs()).toEqual({ code: 78, signal: null });
      expect(run.logs()).toContain('INSTANCE_TTL_MS');
      expect(run.logs()).toContain(
        'registry exited with code 78: its configuration is invalid, so it is not restarted',
      );
      expect(run.logs()).not.toContain('restarting in');
      expect(existsSync(path.join(run.dataDir, 'postgres'))).toBe(false);
      expect(await isListening(run.ports.registry!)).toBe(false);
    } finally {
      await run.cleanUp();
    }
  }, 90_000);

  it('when the launcher gets SIGTERM (Ctrl-C), then it exits 0 and every service and PostgreSQL are gone, their ports free', async () => {
    const pids = await Promise.all(Object.keys(system.services).map((name) => system.pidOf(name)));
    const postmaster = Number(
      (await readFile(path.join(system.dataDir, 'postgres', 'postmaster.pid'), 'utf8')).split(
        '\n',
      )[0],
    );
    expect(isAlive(postmaster)).toBe(true);
    const ports = [...Object.values(system.services).map((service) => service.port), system.pgPort];
    const dataDir = system.dataDir;

    const exit = await system.stop('SIGTERM');

    expect(exit).toEqual({ code: 0, signal: null });
    for (const pid of [...pids, postmaster]) expect(isAlive(pid!), `pid ${pid}`).toBe(false);
    for (const port of ports) expect(await isListening(port), `port ${port}`).toBe(false);
    expect(system.logs()).toContain('stopped');
    expect(existsSync(dataDir)).toBe(false);
  }, 60_000);
});

describe('npm start when something is wrong', () => {
  let holder: Server | undefined;
  afterAll(() => holder?.close());

  it('when a port is taken, then it names the variable that moves it, exits non-zero and starts nothing', async () => {
    holder = createServer();
    await new Promise<void>((resolve) => holder!.listen(0, '127.0.0.1', resolve));
    const taken = (holder.address() as { port: number }).port;
    const run = await spawnLauncher({ env: { REGISTRY_PORT: String(taken) } });
    try {
      const exit = await run.exitWithin(30_000);
      expect(exit, run.logs()).toBeDefined();
      expect(exit!.code).not.toBe(0);
      expect(run.logs()).toContain(
        `port ${taken} is already in use: stop what holds it or set REGISTRY_PORT=...`,
      );
      expect(existsSync(path.join(run.dataDir, 'postgres'))).toBe(false);
    } finally {
      await run.cleanUp();
    }
  }, 60_000);

  it('when PostgreSQL cannot start, then the launcher shows its last log lines and exits non-zero', async () => {
    // A data directory from a PostgreSQL this binary cannot read.
    const prepare = async (dataDir: string) => {
      await mkdir(path.join(dataDir, 'postgres'));
      await writeFile(path.join(dataDir, 'postgres', 'PG_VERSION'), '9\n');
      await writeFile(path.join(dataDir, 'postgres-password'), 'not-used\n');
    };
    const run = await spawnLauncher({ prepare });
    try {
      const exit = await run.exitWithin(30_000);
      expect(exit, run.logs()).toBeDefined();
      expect(exit!.code).not.toBe(0);
      expect(run.logs()).toContain('PostgreSQL did not start');
      // The tail of PostgreSQL's own log follows, indented.
      expect(run.logs()).toContain('PostgreSQL did not start (the server exited). Its last lines');
      expect(run.logs()).toMatch(/Its last lines[^\n]*\n[^\n]*\| {5}\S/);
      expect(run.logs()).not.toContain('registry service ready');
    } finally {
      await run.cleanUp();
    }
  }, 60_000);
});
