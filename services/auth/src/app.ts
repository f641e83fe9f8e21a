import { eventSchemas, type EventMap } from '@souk/contracts';
import type { Transaction } from 'kysely';
import { buildService, createTokenVerifier, type App, type Logger, type ServiceDeps, type TokenVerifier } from '@souk/platform';
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
import { createLoginThrottle, type Sleep } from './throttle/login-throttle.js';
import { createAccessTokenIssuer, type AccessTokenIssuer } from './tokens/access-tokens.js';
import { jwksRoutes } from './tokens/jwks.routes.js';
import { loadSigningKey } from './tokens/signing-key.js';

/** The verifier defaults to the service's own keys (see ownTokenVerifier). */
export interface AuthDeps extends ServiceDeps {
  /** How the login throttle waits out a delay; tests pass one that records instead of waiting. */
  sleep?: Sleep;
}

/** Auth bodies are small; anything bigger is refused before it is parsed. */
const BODY_LIMIT_BYTES = 16 * 1024;

/**
 * The auth service, not listening: migrations applied, the configured administrator seeded, the
 * `client.deleted` consumer registered, event bus and maintenance started. Closing the app
 * releases what it opened, in reverse order.
 */
export async function buildApp(config: AuthConfig, logger: Logger, { sleep, ...deps }: AuthDeps = {}): Promise<App> {
  const commonPasswords = await sharedCommonPasswords();
  assertCompleteConfig(config, commonPasswords);
  const signingKey = await loadSigningKey({ privateJwk: config.AUTH_PRIVATE_JWK, keyFile: config.AUTH_KEY_FILE, logger });
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
      deps: { ...deps, verifier: deps.verifier ?? ownTokenVerifier(config, accessTokens) },
      bodyLimit: BODY_LIMIT_BYTES,
    },
    async ({ app, database, bus, onClose }) => {
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
        logger,
      };
      if (config.ADMIN_EMAIL && config.ADMIN_PASSWORD) {
        await ensureAdminAccount(context, { email: config.ADMIN_EMAIL, password: config.ADMIN_PASSWORD });
      }
      // Every reply here is about someone (tokens, profiles, accounts, why a login failed): no
      // browser or proxy cache may keep it. The JWKS route sets its own public max-age.
      app.addHook('onSend', async (_request, reply) => {
        if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
      });
      accountRoutes(app, context);
      sessionRoutes(app, context);
      jwksRoutes(app, accessTokens);
      adminRoutes(app, context);
      bus.on('client.deleted', (event, trx) => disableDeletedClient(context, trx as Transaction<AuthDatabase>, event.data.userId));
      const maintenance = startMaintenance({ db: database.db, throttle: context.throttle, logger });
      onClose(async () => maintenance.stop());
    },
  );
}

/** The service checks its own tokens with the platform verifier, fed its own JWKS: no HTTP to itself. */
function ownTokenVerifier(config: AuthConfig, accessTokens: AccessTokenIssuer): TokenVerifier {
  return createTokenVerifier({
    loadKeySet: async () => accessTokens.jwks(),
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
  });
}
