import { buildService, type App, type Logger, type ServiceDeps } from '@souk/platform';
import { consumeAccountEvents } from './accounts/account-events.consumers.js';
import { profileRepairRoutes } from './accounts/profile-repair.routes.js';
import { addressRoutes } from './addresses/address.routes.js';
import { adminRoutes } from './admin/admin.routes.js';
import type { ClientConfig } from './config.js';
import { clientServiceEvents, type ClientContext, type ClientServiceEventMap } from './context.js';
import { migrations } from './db/migrations.js';
import type { ClientDatabase } from './db/schema.js';
import { profileRoutes } from './profiles/profile.routes.js';

// The package's public entry (package.json exports): another service's tests can start this
// service in-process through it, with the schema that turns their environment into its config.
export { configSchema, type ClientConfig } from './config.js';

export type ClientDeps = ServiceDeps;

/**
 * The client service, not listening: migrations applied, consumers of the auth account events
 * registered, event bus started. Closing the app releases what it opened, in reverse order.
 */
export async function buildApp(
  config: ClientConfig,
  logger: Logger,
  deps: ClientDeps = {},
): Promise<App> {
  return buildService<ClientDatabase, ClientServiceEventMap>(
    {
      name: 'client',
      description:
        'Client profiles (created from auth.user.registered), saved addresses, and client administration.',
      config,
      logger,
      migrations,
      schemas: clientServiceEvents,
      deps,
    },
    ({ app, database, bus, http }) => {
      const context: ClientContext = { db: database.db, bus };
      profileRoutes(app, context);
      addressRoutes(app, context);
      adminRoutes(app, context);
      profileRepairRoutes(app, { db: database.db, http, logger });
      consumeAccountEvents(bus, logger);
    },
  );
}
