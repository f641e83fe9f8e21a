import { createServer, trustProxySetting, type App, type Logger } from '@souk/platform';
import type { RegistryConfig } from './config.js';
import { registryRoutes } from './registry/registry.routes.js';
import { createInstanceRegistry } from './registry/registry.service.js';

// The package's public entry (package.json exports): another service's tests can start this
// service in-process through it, with the schema that turns their environment into its config.
export { configSchema, type RegistryConfig } from './config.js';

export interface RegistryDeps {
  logger: Logger;
  /** Clock override for tests. */
  now?: () => number;
}

type AppConfig = Pick<RegistryConfig, 'INSTANCE_TTL_MS' | 'REGISTRY_TOKEN' | 'TRUSTED_PROXIES'>;

/** The registry app, not listening: instances in memory, swept when their lease runs out. */
export async function buildApp(config: AppConfig, deps: RegistryDeps): Promise<App> {
  const app = createServer({
    name: 'registry',
    logger: deps.logger,
    trustProxy: trustProxySetting(config.TRUSTED_PROXIES),
    description: 'Service registry: instances register, send heartbeats, and are found by name.',
    // Every instance beats and looks its peers up every few seconds: a trace of each would bury the rest.
    isUntraced: (method, url) =>
      (method === 'PUT' && url.endsWith('/heartbeat')) ||
      (method === 'GET' && url.startsWith('/registry/services/')),
  });
  const registry = createInstanceRegistry({
    ttlMs: config.INSTANCE_TTL_MS,
    logger: deps.logger,
    now: deps.now,
  });
  app.addHook('onClose', async () => registry.close());
  registryRoutes(app, { registry, token: config.REGISTRY_TOKEN });
  return app;
}
