import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { SERVICES as SERVICE_TABLE, type ServiceName } from '@souk/contracts';
import { bundleEntry } from './bundle.js';
import { fileURLToPath } from 'node:url';

/** A process the launcher runs: `node services/<name>/dist/bundle/main.mjs` (see bundle.ts). */
export interface ServiceSpec {
  name: string;
  defaultPort: number;
  /** Stop order, last first: the gateway (2), then the services (1), the registry (0) last. All start together. */
  wave: 0 | 1 | 2;
  /** Its own database (it also gets the broker), for the services that keep data. */
  database?: string;
  /** Gets BROKER_URL (every service with a database, and the gateway, which listens for catalog changes). */
  usesBroker?: boolean;
}

/** Stop order, last first: the registry stops last, the gateway first. */
const WAVE: Partial<Record<ServiceName, ServiceSpec['wave']>> = { registry: 0, gateway: 2 };

/** Every service (contracts' table), in start order. Stopping goes the other way: gateway first, registry last. */
export const SERVICES: readonly ServiceSpec[] = SERVICE_TABLE.map((service) => ({
  name: service.name,
  defaultPort: service.defaultPort,
  wave: WAVE[service.name] ?? 1,
  ...(service.hasDatabase ? { database: `souk_${service.name}` } : {}),
  usesBroker: service.usesBroker,
}));

/** The pg-boss broker's database. */
export const BROKER_DATABASE = 'souk_broker';

export const DATABASES = [
  ...SERVICES.flatMap((spec) => (spec.database ? [spec.database] : [])),
  BROKER_DATABASE,
];

export const DEFAULT_ADMIN_EMAIL = 'admin@souk.local';

export type Env = Record<string, string | undefined>;

export interface LauncherConfig {
  rootDir: string;
  dataDir: string;
  /** Embedded PostgreSQL port; unused when `databaseServerUrl` is given. */
  pgPort: number;
  /** `SOUK_PG_STATEMENT_STATS=true`: the embedded PostgreSQL loads pg_stat_statements (benchmarks). */
  pgStatementStats: boolean;
  /** An existing PostgreSQL server (`DATABASE_SERVER_URL`): no embedded one is started. */
  databaseServerUrl?: string;
  /** `BROKER_URL` given to the launcher (e.g. amqp://…); otherwise the souk_broker database. */
  brokerUrl?: string;
  logLevel: string;
  logFormat: 'pretty' | 'json';
  startTimeoutMs: number;
  readyFile?: string;
  /** Port of each service: `<SERVICE>_PORT` or its default. */
  ports: Record<string, number>;
  /** The registry's shared secret, given to the registry and every service: `REGISTRY_TOKEN`, or a new one each run. */
  registryToken: string;
  /** `SMTP_URL` given to the launcher: mail goes there. Otherwise the launcher runs its mail catcher. */
  smtpUrl?: string;
  /** The mail catcher's SMTP and web ports (`SOUK_MAIL_SMTP_PORT`, `SOUK_MAIL_PORT`; 0 picks free ones). */
  mailPorts: { smtp: number; web: number };
}

/** A problem the user can fix (busy port, missing build, bad setting): printed without a stack. */
export class LaunchError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'LaunchError';
  }
}

/** The repository root, found from this file (…/packages/launcher/{src,dist}/config.*), not the cwd. */
export function repositoryRoot(moduleUrl: string = import.meta.url): string {
  return path.resolve(path.dirname(fileURLToPath(moduleUrl)), '..', '..', '..');
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** What the registry accepts (REGISTRY_TOKEN_MIN_LENGTH in @souk/platform). */
const REGISTRY_TOKEN_MIN_LENGTH = 32;

/** Reads the launcher's own settings; every invalid one is listed in one error. */
export function readLauncherConfig(env: Env, rootDir: string = repositoryRoot()): LauncherConfig {
  const problems: string[] = [];
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return value;
  };
  const ports: Record<string, number> = {};
  for (const spec of SERVICES)
    ports[spec.name] = integer(`${envPrefix(spec.name)}_PORT`, spec.defaultPort, 1, 65535);

  const logFormat = env.SOUK_LOG_FORMAT || 'pretty';
  if (logFormat !== 'pretty' && logFormat !== 'json')
    problems.push(`SOUK_LOG_FORMAT must be pretty or json (got "${logFormat}")`);
  const logLevel = env.LOG_LEVEL || 'info';
  if (!LOG_LEVELS.includes(logLevel))
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${logLevel}")`);
  for (const name of ['DATABASE_SERVER_URL', 'BROKER_URL', 'SMTP_URL']) {
    const value = env[name];
    if (value && !/^[a-z][a-z0-9+.-]*:\/\//.test(value))
      problems.push(`${name} must be a URL such as postgres://user:password@host:5432/postgres`);
  }
  // Random for each run unless given (to attach a service started by hand): nothing to leak or keep.
  const registryToken = env.REGISTRY_TOKEN || randomBytes(32).toString('hex');
  if (registryToken.length < REGISTRY_TOKEN_MIN_LENGTH) {
    problems.push(
      `REGISTRY_TOKEN must be at least ${REGISTRY_TOKEN_MIN_LENGTH} characters (or unset: the launcher generates one for each run)`,
    );
  }
  const statementStats = env.SOUK_PG_STATEMENT_STATS || 'false';
  if (statementStats !== 'true' && statementStats !== 'false')
    problems.push(`SOUK_PG_STATEMENT_STATS must be true or false (got "${statementStats}")`);
  const config: LauncherConfig = {
    rootDir,
    dataDir: path.resolve(rootDir, env.SOUK_DATA_DIR || 'data'),
    pgPort: integer('SOUK_PG_PORT', 5433, 1, 65535),
    pgStatementStats: statementStats === 'true',
    databaseServerUrl: env.DATABASE_SERVER_URL || undefined,
    brokerUrl: env.BROKER_URL || undefined,
    logLevel,
    logFormat: logFormat === 'json' ? 'json' : 'pretty',
    startTimeoutMs: integer('SOUK_START_TIMEOUT_MS', 60_000, 1_000, 3_600_000),
    readyFile: env.SOUK_READY_FILE ? path.resolve(env.SOUK_READY_FILE) : undefined,
    ports,
    registryToken,
    smtpUrl: env.SMTP_URL || undefined,
    mailPorts: {
      // 0: any free port (the tests, which run several shops at once).
      smtp: integer('SOUK_MAIL_SMTP_PORT', 1025, 0, 65535),
      web: integer('SOUK_MAIL_PORT', 8025, 0, 65535),
    },
  };
  const taken = new Map<number, string>();
  const mailPorts = config.smtpUrl
    ? {}
    : { 'mail catcher (SMTP)': config.mailPorts.smtp, 'mail catcher': config.mailPorts.web };
  for (const [name, port] of Object.entries({ ...ports, ...mailPorts })) {
    if (port === 0) continue;
    const other = taken.get(port);
    if (other) problems.push(`${other} and ${name} are both set to port ${port}`);
    taken.set(port, name);
  }
  if (problems.length > 0)
    throw new LaunchError(
      `Invalid launcher settings:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
      78,
    );
  return config;
}

/** `order` -> `ORDER`, `some-name` -> `SOME_NAME`: the prefix of a service's pass-through variables. */
export function envPrefix(service: string): string {
  return service.toUpperCase().replace(/-/g, '_');
}

export type ServiceState =
  | { spec: ServiceSpec; status: 'built'; entry: string; cwd: string }
  /** No code yet, or code that `npm run build` does not build yet (not in the root tsconfig.json). */
  | { spec: ServiceSpec; status: 'absent' | 'outside-build' };

/**
 * Which services this checkout can run. A service folder without code yet (client, order, … are
 * written later) is skipped, and so is one whose code is not part of the build yet (no reference
 * in the root tsconfig.json). A service the build covers but that has no build output is an error
 * the user fixes by building.
 */
export function findServices(rootDir: string): ServiceState[] {
  const inBuild = buildReferences(rootDir);
  const missingBuilds: string[] = [];
  const states = SERVICES.map((spec): ServiceState => {
    const folder = `services/${spec.name}`;
    const cwd = path.join(rootDir, folder);
    if (existsSync(path.join(cwd, 'dist', 'main.js')))
      return { spec, status: 'built', entry: bundleEntry(cwd), cwd };
    const hasCode = existsSync(path.join(cwd, 'src', 'main.ts'));
    if (inBuild ? inBuild.has(folder) : hasCode) {
      missingBuilds.push(`${folder} is not built: run npm run build`);
      return { spec, status: 'absent' };
    }
    return { spec, status: hasCode ? 'outside-build' : 'absent' };
  });
  if (missingBuilds.length > 0) throw new LaunchError(missingBuilds.join('\n'));
  return states;
}

/** Folders the root tsconfig.json builds (`tsc -b`, i.e. `npm run build`), e.g. `services/auth`. */
function buildReferences(rootDir: string): Set<string> | undefined {
  try {
    const tsconfig = JSON.parse(readFileSync(path.join(rootDir, 'tsconfig.json'), 'utf8')) as {
      references?: { path: string }[];
    };
    return new Set(
      (tsconfig.references ?? []).map((reference) =>
        path.posix.normalize(reference.path.replace(/\\/g, '/')).replace(/\/$/, ''),
      ),
    );
  } catch {
    return undefined;
  }
}

export interface ChildEnvContext {
  config: LauncherConfig;
  registryUrl: string;
  /** Connection URL of a database on the server the launcher uses. */
  databaseUrl: (database: string) => string;
  admin: { email: string; password: string };
  /** Where the services send mail: SMTP_URL, or the launcher's mail catcher. */
  smtpUrl: string;
}

/**
 * The environment of one service: the launcher's own environment (PATH, NODE_OPTIONS,
 * OTEL_EXPORTER_OTLP_ENDPOINT, …), then what the launcher decides for it, then any
 * `<SERVICE>_<NAME>` variable given to the launcher, passed on as `<NAME>`, which wins.
 */
export function childEnvironment(
  spec: ServiceSpec,
  context: ChildEnvContext,
  env: Env,
): Record<string, string> {
  const { config } = context;
  const brokerUrl = config.brokerUrl ?? context.databaseUrl(BROKER_DATABASE);
  const planned: Record<string, string> = {
    HOST: '127.0.0.1',
    PORT: String(config.ports[spec.name]),
    REGISTRY_URL: context.registryUrl,
    REGISTRY_TOKEN: config.registryToken,
    LOG_LEVEL: config.logLevel,
    // One instance per service here: a stable id lets a restarted process replace its own
    // registry entry at once instead of leaving the dead one listed until it expires.
    INSTANCE_ID: `${spec.name}-${config.ports[spec.name]}`,
    // One instance per service here, so no other to drain to: Ctrl-C stops within seconds.
    // Production keeps the services' own 5 s default.
    SHUTDOWN_DRAIN_MS: env.SHUTDOWN_DRAIN_MS || '1000',
  };
  if (spec.database) {
    planned.DATABASE_URL = context.databaseUrl(spec.database);
    planned.BROKER_URL = brokerUrl;
  }
  if (spec.usesBroker) planned.BROKER_URL = brokerUrl;
  if (spec.name === 'gateway') planned.WEB_DIR = path.join(config.rootDir, 'apps', 'web', 'dist');
  if (spec.name === 'auth') {
    planned.ADMIN_EMAIL = context.admin.email;
    planned.ADMIN_PASSWORD = context.admin.password;
    planned.AUTH_KEY_FILE = path.join(config.dataDir, 'auth', 'signing-key.jwk.json');
  }
  if (spec.name === 'notification') {
    planned.SMTP_URL = context.smtpUrl;
    // Links in mail lead to the shop as this machine serves it.
    planned.SHOP_URL = `http://localhost:${config.ports.gateway}`;
  }
  if (spec.name === 'product') {
    planned.UPLOAD_DIR = path.join(config.dataDir, 'uploads');
    // The local shop opens with something to browse (PRODUCT_DEMO_CATALOG=false to skip it).
    planned.DEMO_CATALOG = 'true';
  }

  const inherited: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (value !== undefined) inherited[name] = value;
  return { ...inherited, ...planned, ...passThroughVariables(spec.name, env) };
}

/** `PRODUCT_DEMO_CATALOG=false` given to the launcher becomes `DEMO_CATALOG=false` for product. */
export function passThroughVariables(service: string, env: Env): Record<string, string> {
  const prefix = `${envPrefix(service)}_`;
  const variables: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && name.startsWith(prefix) && name.length > prefix.length)
      variables[name.slice(prefix.length)] = value;
  }
  return variables;
}
