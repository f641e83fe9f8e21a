import { Type, type Static } from '@sinclair/typebox';
import { env, httpConfig, type HttpConfig } from '@souk/platform';

export const configSchema = Type.Object({
  ...httpConfig(8761),
  /** An instance whose last heartbeat is older than this is dropped (clients beat every 5 s). */
  INSTANCE_TTL_MS: env.integer(15_000, { minimum: 100, maximum: 600_000 }),
  /** When set, writes (register, heartbeat, deregister) need this value in `x-registry-token`. */
  REGISTRY_TOKEN: Type.Optional(Type.String({ minLength: 8 })),
});

export type RegistryConfig = Static<typeof configSchema> & HttpConfig;
