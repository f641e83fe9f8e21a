import { request } from 'undici';
import { AppError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Discovery, ServiceInstance } from './types.js';

export interface RegistryDiscoveryOptions {
  registryUrl: string;
  logger: Logger;
  /** How long a fetched instance list is used before asking the registry again. */
  cacheMs?: number;
}

/**
 * Resolves services through the registry, caching each service's instance list briefly and
 * rotating through its instances. When the registry is down, the last known list keeps serving.
 */
export function createRegistryDiscovery(options: RegistryDiscoveryOptions): Discovery {
  const cacheMs = options.cacheMs ?? 5_000;
  const cache = new Map<
    string,
    { instances: ServiceInstance[]; fetchedAt: number; failed: Set<string> }
  >();
  const inflight = new Map<string, Promise<ServiceInstance[]>>();
  const cursor = new Map<string, number>();

  async function fetchInstances(service: string): Promise<ServiceInstance[]> {
    const response = await request(
      `${options.registryUrl}/registry/services/${encodeURIComponent(service)}`,
      {
        headersTimeout: 2_000,
        bodyTimeout: 2_000,
      },
    );
    if (response.statusCode === 404) {
      await response.body.dump();
      return [];
    }
    if (response.statusCode !== 200) {
      await response.body.dump();
      throw new Error(`registry answered ${response.statusCode}`);
    }
    const body = (await response.body.json()) as { instances: ServiceInstance[] };
    return body.instances;
  }

  async function instances(service: string): Promise<ServiceInstance[]> {
    const entry = cache.get(service);
    if (entry && Date.now() - entry.fetchedAt < cacheMs && entry.instances.length > 0)
      return entry.instances;
    let pending = inflight.get(service);
    if (!pending) {
      pending = fetchInstances(service)
        .then((list) => {
          cache.set(service, { instances: list, fetchedAt: Date.now(), failed: new Set() });
          return list;
        })
        .catch((error) => {
          if (entry) {
            options.logger.warn(
              { err: error, service },
              'registry unreachable; using the last known instances',
            );
            // Ask again in a second, not on every call: each failed ask can take the full timeout.
            entry.fetchedAt = Date.now() - cacheMs + Math.min(cacheMs, 1_000);
            return entry.instances;
          }
          throw new AppError(
            'unavailable',
            `Cannot reach the service registry to find ${service}`,
            { cause: error },
          );
        })
        .finally(() => inflight.delete(service));
      inflight.set(service, pending);
    }
    return pending;
  }

  return {
    instances,
    async resolve(service) {
      const list = await instances(service);
      const failed = cache.get(service)?.failed ?? new Set<string>();
      const healthy = list.filter((instance) => !failed.has(instance.url));
      const candidates = healthy.length > 0 ? healthy : list;
      if (candidates.length === 0)
        throw new AppError('unavailable', `No live instance of the ${service} service`);
      const next = (cursor.get(service) ?? 0) % candidates.length;
      cursor.set(service, next + 1);
      return candidates[next]!.url;
    },
    reportFailure(service, url) {
      const entry = cache.get(service);
      if (!entry) return;
      entry.failed.add(url);
      // Ask the registry again soon: the instance may have been replaced.
      entry.fetchedAt = Math.min(entry.fetchedAt, Date.now() - cacheMs + 500);
    },
    async close() {
      cache.clear();
    },
  };
}

/**
 * Fixed URLs, e.g. Kubernetes service DNS names: `auth=http://auth:8080,product=http://product:8080`.
 * The platform (Kubernetes Services) balances across pods, so each service has one URL.
 */
export function createStaticDiscovery(serviceUrls: string): Discovery {
  const urls = parseServiceUrls(serviceUrls);
  return {
    async instances(service) {
      const url = urls.get(service);
      return url ? [{ service, instanceId: `${service}-static`, url }] : [];
    },
    async resolve(service) {
      const url = urls.get(service);
      if (!url)
        throw new AppError(
          'unavailable',
          `No URL configured for the ${service} service (SERVICE_URLS)`,
        );
      return url;
    },
    reportFailure() {},
    async close() {},
  };
}

export function parseServiceUrls(value: string): Map<string, string> {
  const urls = new Map<string, string>();
  for (const pair of value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const [name, url] = pair.split('=');
    if (!name || !url || !/^https?:\/\//.test(url))
      throw new Error(`SERVICE_URLS: cannot read "${pair}" (expected name=http://host:port)`);
    urls.set(name.trim(), url.trim().replace(/\/$/, ''));
  }
  return urls;
}
