import { eventSchemas, type EventMap } from '@souk/contracts';
import type { Transaction } from 'kysely';
import { buildService, type App, type Logger, type ServiceDeps } from '@souk/platform';
import { sharedCommonPasswords } from './accounts/common-passwords.js';
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
import { passwordResetRoutes } from './password-reset/password-reset.routes.js';
import { createLoginThrottle, type Sleep } from './throttle/login-throttle.js';
import { revocationRoutes } from './revocations/revocations.routes.js';
import { readRevocationFeed } from './revocations/revocations.service.js';
import { createAccessTokenIssuer } from './tokens/access-tokens.js';
import { jwksRoutes } from './tokens/jwks.routes.js';
import { loadSigningKey } from './tokens/signing-key.js';

// The package's public entry (package.json exports): another service's component tests start this
// service in-process through it, with the schema that turns their environment into its config.
export { configSchema, type AuthConfig } from './config.js';

/** The verifier defaults to the service's own keys and revocations (see tokenSource). */
export interface AuthDeps extends ServiceDeps {
  /** How the login throttle waits out a delay; tests pass one that records instead of waiting. */
  sleep?: Sleep;
}

/**
 * The auth service, not listening: migrations applied, the configured administrator seeded, the
 * `client.deleted` consumer registered, event bus and maintenance started. Closing the app
 * releases what it opened, in reverse order.
 */
export async function buildApp(
  config: AuthConfig,
  logger: Logger,
  { sleep, ...deps }: AuthDeps = {},
): Promise<App> {
  const commonPasswords = await sharedCommonPasswords();
  assertCompleteConfig(config, commonPasswords);
  const signingKey = await loadSigningKey({
    privateJwk: config.AUTH_PRIVATE_JWK,
    keyFile: config.AUTH_KEY_FILE,
    logger,
  });
  const accessTokens = createAccessTokenIssuer(signingKey, {
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
    ttlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
  });

  return buildService<AuthDatabase, EventMap>(
    {
      name: 'auth',
      description: 'Accounts, login sessions, access tokens (JWKS) and user administration.',
      config,
      logger,
      migrations: authMigrations,
      schemas: eventSchemas,
      deps,
      // The service checks tokens against its own keys and database: no HTTP to itself.
      tokenSource: (database) => ({
        loadKeySet: async () => accessTokens.jwks(),
        loadRevocations: (since) => readRevocationFeed({ db: database.db, accessTokens }, since),
      }),
    },
    async ({ app, database, bus, revocations, onClose }) => {
      const context: AuthContext = {
        db: database.db,
        bus,
        passwords: createPasswordHasher(),
        commonPasswords,
        accessTokens,
        throttle: createLoginThrottle(
          {
            maxFailuresPerIp: config.LOGIN_MAX_FAILURES_PER_IP,
            maxFailuresPerAccountAndIp: config.LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP,
            accountFailuresBeforeDelay: config.LOGIN_ACCOUNT_FAILURES_BEFORE_DELAY,
            maxDelayMs: config.LOGIN_MAX_DELAY_MS,
            windowSeconds: config.LOGIN_WINDOW_SECONDS,
          },
          sleep,
        ),
        refreshTokenTtlSeconds: config.REFRESH_TOKEN_TTL_SECONDS,
        passwordReset: {
          ttlMinutes: config.PASSWORD_RESET_TTL_MINUTES,
          maxPerEmail: config.PASSWORD_RESET_MAX_PER_EMAIL,
          maxPerIp: config.PASSWORD_RESET_MAX_PER_IP,
        },
        revocations,
        logger,
      };
      if (config.ADMIN_EMAIL && config.ADMIN_PASSWORD) {
        await ensureAdminAccount(context, {
          email: config.ADMIN_EMAIL,
          password: config.ADMIN_PASSWORD,
        });
      }
      // Every reply here is about someone (tokens, profiles, accounts, why a login failed): no
      // browser or proxy cache may keep it. The JWKS route sets its own public max-age.
      app.addHook('onSend', async (_request, reply) => {
        if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
      });
      accountRoutes(app, context);
      sessionRoutes(app, context);
      passwordResetRoutes(app, context);
      jwksRoutes(app, accessTokens);
      revocationRoutes(app, context);
      adminRoutes(app, context);
      bus.on('client.deleted', (event, trx) =>
        disableDeletedClient(context, trx as Transaction<AuthDatabase>, event.data.userId),
      );
      const maintenance = startMaintenance({ db: database.db, throttle: context.throttle, logger });
      onClose(() => maintenance.stop());
    },
  );
}
