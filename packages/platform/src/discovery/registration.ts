import { randomUUID } from 'node:crypto';
import { request } from 'undici';
import type { Logger } from '../logger.js';
import type { Registration } from './types.js';

export interface RegistrationOptions {
  registryUrl: string;
  service: string;
  url: string;
  logger: Logger;
  instanceId?: string;
  heartbeatMs?: number;
  /** Shared secret the registry asks for on writes (its REGISTRY_TOKEN), sent as x-registry-token. */
  token?: string;
}

/** While the registry does not answer yet (the launcher starts everything at once), retry quickly. */
const QUICK_RETRY_MS = 250;
const QUICK_RETRIES = 20;

/**
 * Registers this instance and keeps it alive with heartbeats. A heartbeat the registry does not
 * recognise (it restarted, or expired us) is answered by registering again. The first attempt is
 * awaited; if it fails, registration is retried in the background (quickly at first, then at the
 * heartbeat rhythm), so a service can start before the registry.
 */
export async function registerInstance(options: RegistrationOptions): Promise<Registration> {
  const instanceId = options.instanceId ?? `${options.service}-${randomUUID().slice(0, 8)}`;
  const heartbeatMs = options.heartbeatMs ?? 5_000;
  const base = `${options.registryUrl}/registry/services/${encodeURIComponent(options.service)}/instances`;
  let stopped = false;
  let registered = false;
  let failedTries = 0;
  let timer: NodeJS.Timeout | undefined;
  let beating: Promise<void> | undefined;

  async function send(method: 'PUT' | 'DELETE', path: string, body?: unknown): Promise<number> {
    const response = await request(`${base}/${encodeURIComponent(instanceId)}${path}`, {
      method,
      headers: {
        ...(body ? { 'content-type': 'application/json' } : {}),
        ...(options.token ? { 'x-registry-token': options.token } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
      headersTimeout: 2_000,
      bodyTimeout: 2_000,
    });
    await response.body.dump();
    return response.statusCode;
  }

  async function register(): Promise<void> {
    const status = await send('PUT', '', { url: options.url });
    if (status !== 200) throw new Error(`the registry refused the registration (HTTP ${status})`);
  }

  async function firstRegistration(): Promise<void> {
    try {
      await register();
      registered = true;
      options.logger.info({ instanceId, url: options.url }, 'registered with the service registry');
    } catch (error) {
      failedTries += 1;
      if (failedTries === QUICK_RETRIES)
        options.logger.warn(
          { err: error },
          'could not register with the service registry yet; will keep trying',
        );
    }
  }

  async function beat(): Promise<void> {
    if (!registered) return firstRegistration();
    try {
      const status = await send('PUT', '/heartbeat');
      // 404: the registry restarted or expired us. Not after deregister(), or we would come back.
      if (status === 404 && !stopped) {
        await register();
        options.logger.info(
          { instanceId, url: options.url },
          'registered again with the service registry',
        );
      } else if (status !== 200 && status !== 404) {
        options.logger.warn({ status }, 'the registry refused a heartbeat');
      }
    } catch (error) {
      options.logger.warn({ err: error }, 'registry heartbeat failed');
    }
  }

  function scheduleBeat(): void {
    const delay = registered || failedTries >= QUICK_RETRIES ? heartbeatMs : QUICK_RETRY_MS;
    timer = setTimeout(() => {
      beating = beat().finally(() => {
        beating = undefined;
        if (!stopped) scheduleBeat();
      });
    }, delay).unref();
  }

  await firstRegistration();
  scheduleBeat();

  return {
    instanceId,
    async deregister() {
      stopped = true;
      clearTimeout(timer);
      // A heartbeat in flight could otherwise land after the DELETE and register us again.
      await beating;
      try {
        await send('DELETE', '');
      } catch (error) {
        options.logger.warn(
          { err: error },
          'could not deregister; the registry will expire this instance',
        );
      }
    },
  };
}
