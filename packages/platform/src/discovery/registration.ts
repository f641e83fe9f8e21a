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
}

/**
 * Registers this instance and keeps it alive with heartbeats. A heartbeat the registry does not
 * recognise (it restarted, or expired us) is answered by registering again. Registration is
 * retried in the background, so a service can start before the registry.
 */
export async function registerInstance(options: RegistrationOptions): Promise<Registration> {
  const instanceId = options.instanceId ?? `${options.service}-${randomUUID().slice(0, 8)}`;
  const heartbeatMs = options.heartbeatMs ?? 5_000;
  const base = `${options.registryUrl}/registry/services/${encodeURIComponent(options.service)}/instances`;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  async function send(method: 'PUT' | 'DELETE', path: string, body?: unknown): Promise<number> {
    const response = await request(`${base}/${encodeURIComponent(instanceId)}${path}`, {
      method,
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
      headersTimeout: 2_000,
      bodyTimeout: 2_000,
    });
    await response.body.dump();
    return response.statusCode;
  }

  const register = () => send('PUT', '', { url: options.url });

  async function beat(): Promise<void> {
    try {
      const status = await send('PUT', '/heartbeat');
      if (status === 404) await register();
    } catch (error) {
      options.logger.warn({ err: error }, 'registry heartbeat failed');
    } finally {
      if (!stopped) timer = setTimeout(beat, heartbeatMs).unref();
    }
  }

  try {
    await register();
    options.logger.info({ instanceId, url: options.url }, 'registered with the service registry');
  } catch (error) {
    options.logger.warn({ err: error }, 'registry not reachable yet; will keep trying');
  }
  timer = setTimeout(beat, heartbeatMs).unref();

  return {
    instanceId,
    async deregister() {
      stopped = true;
      clearTimeout(timer);
      try {
        await send('DELETE', '');
      } catch (error) {
        options.logger.warn({ err: error }, 'could not deregister; the registry will expire this instance');
      }
    },
  };
}
