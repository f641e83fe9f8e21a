#!/usr/bin/env node
import { rm } from 'node:fs/promises';
import { startMailCatcher, type MailCatcher } from '@souk/mail-catcher';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { renderBanner } from './banner.js';
import {
  childEnvironment,
  DATABASES,
  envPrefix,
  findServices,
  LaunchError,
  readLauncherConfig,
  SERVICES,
  type LauncherConfig,
  type ServiceSpec,
} from './config.js';
import { waitUntilReady, waitUntilRegistered } from './health.js';
import { bundleService } from './bundle.js';
import { formatLogLine } from './log-format.js';
import { createOutput, type Output } from './output.js';
import { assertPortsFree } from './ports.js';
import {
  databaseUrl,
  ensureDatabases,
  redact,
  startEmbeddedPostgres,
  type DatabaseServer,
} from './postgres.js';
import {
  adminCredentials,
  livePidFromFile,
  prepareDataDir,
  removePidFile,
  stopLeftoverServices,
  writeJsonAtomically,
  writePidFile,
  type AdminCredentials,
} from './run-files.js';
import {
  describeExit,
  formatDelay,
  superviseProcess,
  type SupervisedProcess,
} from './supervisor.js';

/**
 * `npm start`: PostgreSQL, then the registry, every service and the gateway at once, each its own
 * process, restarted when it crashes; a banner once all answer /health/ready; Ctrl-C stops them
 * gateway first, registry last.
 */
async function launch(config: LauncherConfig, output: Output): Promise<void> {
  const processes = new Map<string, { spec: ServiceSpec; process: SupervisedProcess }>();
  const abort = new AbortController();
  /** The database server once it is up (or being started: a stop waits for the start to finish). */
  let database: Promise<DatabaseServer> | undefined;
  let admin: AdminCredentials | undefined;
  /** The local SMTP server, unless SMTP_URL sends mail elsewhere. */
  let mailCatcher: MailCatcher | undefined;
  let stopped: Promise<never> | undefined;
  /** A second Ctrl-C: everything is killed at once and the launcher exits 130. */
  let forced = false;
  /** Milliseconds from the launcher's start until everything answered; set once ready. */
  let readyAfterMs: number | undefined;
  const url = (name: string) => `http://127.0.0.1:${config.ports[name]}`;

  /** Stops everything once; later calls wait for the same stop. */
  function stop(exitCode: number): Promise<never> {
    stopped ??= (async () => {
      abort.abort();
      // Gateway first (no new traffic), registry last (the others deregister from it on the way out).
      const deadline = Date.now() + 10_000;
      for (const wave of [2, 1, 0]) {
        const members = [...processes.values()].filter((entry) => entry.spec.wave === wave);
        await Promise.all(members.map(({ process: child }) => child.stop(deadline)));
      }
      await database?.then((server) => server.stop()).catch(() => {});
      await mailCatcher?.close().catch(() => {});
      await Promise.all([...processes.keys()].map((name) => removePidFile(config.dataDir, name)));
      if (config.readyFile) await rm(config.readyFile, { force: true });
      if (forced) process.exit(130);
      if (exitCode === 0) output.info('stopped');
      process.exit(exitCode);
    })();
    return stopped;
  }

  function fail(error: unknown): Promise<never> {
    // Once stopping, failures are its consequences (e.g. an initdb interrupted by the same Ctrl-C).
    if (stopped) return stopped;
    output.error(
      error instanceof LaunchError ? error.message : ((error as Error).stack ?? String(error)),
    );
    return stop(error instanceof LaunchError ? error.exitCode : 1);
  }

  const interrupt = (signal: string) => {
    if (!stopped) {
      output.info(`${signal}: stopping every service (press Ctrl-C again to force)`);
      void stop(0);
    } else if (!forced) {
      forced = true;
      output.warn('forced stop: killing every process now');
      for (const { process: child } of processes.values()) child.kill();
      void (database?.then((server) => server.stop({ force: true })) ?? Promise.resolve()).finally(
        () => process.exit(130),
      );
    }
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
    process.on(signal, () => interrupt(signal));
  process.on('uncaughtException', (error) => void fail(error));
  process.on('unhandledRejection', (error) => void fail(error));
  // Last resort if the launcher dies some other way: the services are in their own process groups.
  process.on('exit', () => {
    for (const { process: child } of processes.values()) child.kill();
  });

  const writeReadyFile = async () => {
    if (!config.readyFile || !admin || readyAfterMs === undefined) return;
    const services: Record<string, { pid: number | undefined; port: number; url: string }> = {};
    for (const [name, { process: child }] of processes)
      services[name] = { pid: child.pid, port: config.ports[name]!, url: url(name) };
    await writeJsonAtomically(config.readyFile, {
      gatewayUrl: url('gateway'),
      registryUrl: url('registry'),
      adminEmail: admin.email,
      adminPassword: admin.password,
      smtpUrl: mailCatcher?.smtpUrl ?? config.smtpUrl,
      mailUrl: mailCatcher?.webUrl,
      startMs: readyAfterMs,
      services,
    });
  };

  try {
    const states = findServices(config.rootDir);
    const services = states.flatMap((state) => (state.status === 'built' ? [state] : []));
    const outside = states
      .filter((state) => state.status === 'outside-build')
      .map((state) => `services/${state.spec.name}`);
    if (outside.length > 0)
      output.info(
        `not started: ${outside.join(', ')} (not part of the build yet: no reference in tsconfig.json)`,
      );
    const bundled = await Promise.all(
      services.map(({ cwd }) => bundleService(config.rootDir, cwd)),
    );
    if (bundled.some(Boolean))
      output.info(`bundled ${bundled.filter(Boolean).length} changed services`);
    await prepareDataDir(config.dataDir);
    const leftovers = await stopLeftoverServices(
      config.dataDir,
      services.map(({ spec, entry }) => ({ name: spec.name, entry })),
    );
    for (const { name, pid } of leftovers)
      output.info(`stopped ${name} (pid ${pid}), left running by an earlier launcher`);
    await assertPortsFree(
      await Promise.all(
        services.map(async ({ spec }) => {
          const leftover = await livePidFromFile(config.dataDir, spec.name);
          return {
            port: config.ports[spec.name]!,
            setting: `${envPrefix(spec.name)}_PORT`,
            hint: leftover
              ? `pid ${leftover}, named in ${path.join(config.dataDir, 'run', `${spec.name}.pid`)}, may hold it`
              : undefined,
          };
        }),
      ),
    );
    admin = await adminCredentials(config.dataDir, process.env);

    let databaseLabel: string;
    if (config.databaseServerUrl) {
      database = Promise.resolve({ url: config.databaseServerUrl, stop: async () => {} });
      databaseLabel = `PostgreSQL at ${redact(config.databaseServerUrl)}`;
    } else {
      database = startEmbeddedPostgres({
        dataDir: config.dataDir,
        port: config.pgPort,
        statementStats: config.pgStatementStats,
        info: output.info,
        onUnexpectedExit: (message) => void fail(new LaunchError(message)),
      });
      databaseLabel = `embedded PostgreSQL on 127.0.0.1:${config.pgPort} (data in ${path.join(config.dataDir, 'postgres')})`;
    }
    const server = await database;
    if (stopped) return;
    const created = await ensureDatabases(server.url, DATABASES);
    if (created.length > 0) output.info(`created databases ${created.join(', ')}`);

    if (!config.smtpUrl) {
      mailCatcher = await startMailCatcher({
        smtpPort: config.mailPorts.smtp,
        webPort: config.mailPorts.web,
      }).catch((error: NodeJS.ErrnoException) => {
        throw error.code === 'EADDRINUSE'
          ? new LaunchError(
              `The mail catcher's port ${config.mailPorts.smtp} or ${config.mailPorts.web} is taken: set SOUK_MAIL_SMTP_PORT and SOUK_MAIL_PORT to free ones, or SMTP_URL to send mail to a server of yours.`,
            )
          : error;
      });
    }
    const context = {
      config,
      smtpUrl: mailCatcher?.smtpUrl ?? config.smtpUrl!,
      registryUrl: url('registry'),
      databaseUrl: (name: string) => databaseUrl(server.url, name),
      admin,
    };
    const deadline = Date.now() + config.startTimeoutMs;
    // Everything at once: services keep trying to register until the registry answers, and the
    // gateway needs no service to start (it finds them per request). Starting in waves would
    // only add each wave's start-up time to the total (waves only order the shutdown).
    for (const { spec, entry, cwd } of services) {
      if (stopped) return;
      const child = superviseProcess(
        { name: spec.name, entry, cwd, env: childEnvironment(spec, context, process.env) },
        {
          line: output.child,
          spawned: (name, pid) => {
            void writePidFile(config.dataDir, name, pid);
            void writeReadyFile();
          },
          restarting: (name, exit, delayMs) =>
            output.warn(`${name} ${describeExit(exit)}; restarting in ${formatDelay(delayMs)}`),
          invalidConfiguration: (name, lines) =>
            void fail(
              new LaunchError(
                `${name} exited with code 78: its configuration is invalid, so it is not restarted.\n${lines
                  .flatMap((line) => formatLogLine(line, { color: false }))
                  .slice(-10)
                  .join('\n')}`,
                78,
              ),
            ),
        },
      );
      processes.set(spec.name, { spec, process: child });
      child.start();
    }
    const answers = await Promise.all(
      services.map(({ spec }) =>
        waitUntilReady(url(spec.name), { deadline, signal: abort.signal }),
      ),
    );
    if (stopped) return;
    const late = services.filter((_service, index) => !answers[index]);
    if (late.length > 0) {
      const tails = late.map(({ spec }) => {
        const lines = processes
          .get(spec.name)!
          .process.recentLines()
          .flatMap((line) => formatLogLine(line, { color: false }));
        return `${spec.name}'s last lines:\n${lines.slice(-15).join('\n')}`;
      });
      throw new LaunchError(
        `${late.map(({ spec }) => spec.name).join(', ')} did not answer /health/ready within ${config.startTimeoutMs / 1000} s (SOUK_START_TIMEOUT_MS).\n${tails.join('\n')}`,
      );
    }
    // Ready only once the gateway can find every service: each is listed by the registry.
    if (services.some(({ spec }) => spec.name === 'registry')) {
      const unlisted = await waitUntilRegistered(
        url('registry'),
        services.map(({ spec }) => spec.name).filter((name) => name !== 'registry'),
        { deadline, signal: abort.signal },
      );
      if (stopped) return;
      if (unlisted.length > 0)
        throw new LaunchError(
          `${unlisted.join(', ')} answered /health/ready but did not register with the registry within ${config.startTimeoutMs / 1000} s (SOUK_START_TIMEOUT_MS)`,
        );
    }

    readyAfterMs = Math.round(performance.now());
    await writeReadyFile();
    const gateway = services.find(({ spec }) => spec.name === 'gateway');
    output.text(
      renderBanner(
        {
          gatewayPort: gateway ? config.ports.gateway : undefined,
          registryPort: config.ports.registry!,
          admin,
          startMs: readyAfterMs,
          services: services.map(({ spec }) => ({
            name: spec.name,
            port: config.ports[spec.name]!,
          })),
          database: databaseLabel,
          mail: mailCatcher
            ? { catcherUrl: mailCatcher.webUrl.replace('127.0.0.1', 'localhost') }
            : { smtpUrl: redact(config.smtpUrl!) },
        },
        { color: output.color },
      ),
    );
  } catch (error) {
    await fail(error);
  }
}

let config: LauncherConfig;
try {
  config = readLauncherConfig(process.env);
} catch (error) {
  console.error((error as Error).message);
  process.exit(error instanceof LaunchError ? error.exitCode : 1);
}
await launch(
  config,
  createOutput({ format: config.logFormat, names: SERVICES.map((spec) => spec.name) }),
);
