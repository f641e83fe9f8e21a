import { defaultPortOf } from '@souk/contracts';
import { Type, type Static } from '@sinclair/typebox';
import { env, httpConfig, REGISTRY_TOKEN_MIN_LENGTH, type HttpConfig } from '@souk/platform';

export const configSchema = Type.Object({
  ...httpConfig(defaultPortOf('registry')),
  /** An instance whose last heartbeat is older than this is dropped (clients beat every 5 s). */
  INSTANCE_TTL_MS: env.integer(15_000, { minimum: 100, maximum: 600_000 }),
  /**
   * Writes (register, heartbeat, deregister) need this value in `x-registry-token`. Required, also
   * locally (the launcher generates one per run): whoever can reach the registry could otherwise
   * register an instance of `auth` or `payment` and receive their traffic.
   */
  REGISTRY_TOKEN: Type.String({ minLength: REGISTRY_TOKEN_MIN_LENGTH }),
});

export type RegistryConfig = Static<typeof configSchema> & HttpConfig;
