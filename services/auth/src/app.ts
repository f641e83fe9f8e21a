import { eventSchemas, type EventMap } from '@souk/contracts';
import type { Transaction } from 'kysely';
import {
  createBroker,
  createDatabase,
  createEventBus,
  createServer,
  createTokenVerifier,
  installAuth,
  migrate,
  registerOpsRoutes,
  trustProxySetting,
  type App,
  type Broker,
  type EventBus,
  type Logger,
  type TokenVerifier,
} from '@souk/platform';
import { createPasswordHasher } from './accounts/password-hasher.js';
import { accountRoutes } from './accounts/accounts.routes.js';
import { ensureAdminAccount } from './admin/admin-seed.js';
import { adminRoutes } from './admin/admin.routes.js';
import { disableDeletedClient } from './admin/admin.service.js';
import { assertCompleteConfig, type AuthConfig } from './config.js';
import type { AuthContext } from './context.js';
import { authMigrations } from './db/migrations.js';
import type { AuthDatabase } from './db/schema.js';
import { startMaintenance } from './maintenance.js';
import { sessionRoutes } from './sessions/sessions.routes.js';
import { createLoginThrottle } from './throttle/login-throttle.js';
import { createAccessTokenIssuer, type AccessTokenIssuer } from './tokens/access-tokens.js';
import { jwksRoutes } from './tokens/jwks.routes.js';
import { loadSigningKey } from './tokens/signing-key.js';

export interface AuthAppDependencies {
  /** A broker the caller owns (tests share one); otherwise one is made from BROKER_URL and stopped on close. */
  broker?: Broker;
}

/** Auth bodies are small; anything bigger is refused before it is parsed. */
const BODY_LIMIT_BYTES = 16 * 1024;

export async function buildApp(config: AuthConfig, logger: Logger, deps: AuthAppDependencies = {}): Promise<App> {
  assertCompleteConfig(config);
  const database = createDatabase<AuthDatabase>({
    url: config.DATABASE_URL,
    poolMax: config.DATABASE_POOL_MAX,
    logger,
    applicationName: 'auth',
    traceQueries: Boolean(config.OTEL_EXPORTER_OTLP_ENDPOINT),
  });
  const broker = deps.broker ?? createBroker(config.BROKER_URL, { logger, service: 'auth' });
  const release = async () => {
    if (!deps.broker) await broker.stop();
    await database.close();
  };

  try {
    await migrate(database.db, authMigrations, logger);
    const signingKey = await loadSigningKey({ privateJwk: config.AUTH_PRIVATE_JWK, keyFile: config.AUTH_KEY_FILE, logger });
    const accessTokens = createAccessTokenIssuer(signingKey, {
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
      ttlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
    });
    const bus = createEventBus<EventMap>({ service: 'auth', db: database.db, broker, schemas: eventSchemas, logger, databaseUrl: config.DATABASE_URL });
    const context: AuthContext = {
      db: database.db,
      bus,
      passwords: createPasswordHasher(),
      accessTokens,
      throttle: createLoginThrottle({
        maxFailuresPerAccount: config.LOGIN_MAX_FAILURES_PER_ACCOUNT,
        maxAttemptsPerIp: config.LOGIN_MAX_ATTEMPTS_PER_IP,
        windowSeconds: config.LOGIN_WINDOW_SECONDS,
      }),
      refreshTokenTtlSeconds: config.REFRESH_TOKEN_TTL_SECONDS,
      logger,
    };
    if (config.ADMIN_EMAIL && config.ADMIN_PASSWORD) {
      await ensureAdminAccount(context, { email: config.ADMIN_EMAIL, password: config.ADMIN_PASSWORD });
    }
    return assembleApp(config, logger, { context, bus, broker, database, release });
  } catch (error) {
    await release().catch((cleanupError: unknown) => logger.warn({ err: cleanupError }, 'clean-up after a failed start failed'));
    throw error;
  }
}

function assembleApp(
  config: AuthConfig,
  logger: Logger,
  parts: {
    context: AuthContext;
    bus: EventBus<EventMap>;
    broker: Broker;
    database: { ping(): Promise<void> };
    release(): Promise<void>;
  },
): App {
  const { context, bus } = parts;
  const app = createServer({
    name: 'auth',
    logger,
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: trustProxySetting(config.TRUST_PROXY),
    description: 'Accounts, login sessions, access tokens (JWKS) and user administration.',
    readiness: [
      { name: 'database', check: () => parts.database.ping() },
      { name: 'broker', check: () => bus.ping() },
    ],
  });
  installAuth(app, ownTokenVerifier(config, context.accessTokens));

  accountRoutes(app, context);
  sessionRoutes(app, context);
  jwksRoutes(app, context.accessTokens);
  adminRoutes(app, context);
  registerOpsRoutes(app, bus, 'auth', parts.broker);
  bus.on('client.deleted', (event, trx) => disableDeletedClient(context, trx as Transaction<AuthDatabase>, event.data.userId));

  let maintenance: { stop(): void } | undefined;
  app.addHook('onReady', async () => {
    await bus.start();
    maintenance = startMaintenance({ db: context.db, throttle: context.throttle, logger });
  });
  app.addHook('onClose', async () => {
    maintenance?.stop();
    await bus.stop();
    await parts.release();
  });
  return app;
}

/** The service checks its own tokens with the platform verifier, fed its own JWKS: no HTTP to itself. */
function ownTokenVerifier(config: AuthConfig, accessTokens: AccessTokenIssuer): TokenVerifier {
  return createTokenVerifier({
    loadKeySet: async () => accessTokens.jwks(),
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
  });
}
