import { request } from 'undici';
import type { Discovery, ServiceInstance } from '@souk/platform';

/** `degraded`: ready, but a dependency it can serve without (the broker) is failing. */
export type InstanceState = 'ready' | 'degraded' | 'not_ready' | 'unreachable';

export interface InstanceStatus {
  instanceId: string;
  url: string;
  state: InstanceState;
  /** What the instance's /health/ready said about each of its checks. */
  checks: Record<string, string>;
  registeredAt?: string;
  lastHeartbeatAt?: string;
}

export interface ServiceStatus {
  name: string;
  instances: InstanceStatus[];
  /** Set when the instances could not be listed at all. */
  error?: string;
}

export interface SystemView {
  checkedAt: string;
  services: ServiceStatus[];
}

export interface SystemViewOptions {
  discovery: Discovery;
  /** Services always listed, even without a live instance. */
  services: readonly string[];
  /** With registry discovery: the registry, listed too and asked for every registered service. */
  registryUrl?: string;
  /** This gateway instance, listed when the registry does not know it (static discovery). */
  self: () => { instanceId: string; url: string };
  healthTimeoutMs?: number;
}

type Listing = Map<string, { instances: ServiceInstance[]; error?: string }>;

/** Every known service with its live instances and what each says on /health/ready. */
export async function describeSystem(options: SystemViewOptions): Promise<SystemView> {
  const timeoutMs = options.healthTimeoutMs ?? 1_000;
  const listing = await listInstances(options, timeoutMs);
  if (!listing.has('gateway'))
    listing.set('gateway', { instances: [{ service: 'gateway', ...options.self() }] });
  if (options.registryUrl)
    listing.set('registry', {
      instances: [{ service: 'registry', instanceId: 'registry', url: options.registryUrl }],
    });

  const names = [...listing.keys()].sort();
  const services = await Promise.all(
    names.map(async (name): Promise<ServiceStatus> => {
      const { instances, error } = listing.get(name)!;
      const probed = await Promise.all(instances.map((instance) => probe(instance, timeoutMs)));
      return error === undefined ? { name, instances: probed } : { name, instances: probed, error };
    }),
  );
  return { checkedAt: new Date().toISOString(), services };
}

/** The registry's whole list when it answers, else what discovery knows of each known service. */
async function listInstances(options: SystemViewOptions, timeoutMs: number): Promise<Listing> {
  const listing: Listing = new Map();
  if (options.registryUrl) {
    try {
      const response = await request(`${options.registryUrl}/registry/services`, {
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      if (response.statusCode !== 200) throw new Error(`registry answered ${response.statusCode}`);
      const body = (await response.body.json()) as {
        services: Array<{ service: string; instances: ServiceInstance[] }>;
      };
      for (const entry of body.services) listing.set(entry.service, { instances: entry.instances });
      for (const name of options.services)
        if (!listing.has(name)) listing.set(name, { instances: [] });
      return listing;
    } catch {
      // Fall through: discovery still has the last known instances.
    }
  }
  await Promise.all(
    options.services.map(async (name) => {
      try {
        listing.set(name, { instances: await options.discovery.instances(name) });
      } catch (error) {
        listing.set(name, { instances: [], error: (error as Error).message });
      }
    }),
  );
  return listing;
}

async function probe(instance: ServiceInstance, timeoutMs: number): Promise<InstanceStatus> {
  const base: InstanceStatus = {
    instanceId: instance.instanceId,
    url: instance.url,
    state: 'unreachable',
    checks: {},
    ...(instance.registeredAt ? { registeredAt: instance.registeredAt } : {}),
    ...(instance.lastHeartbeatAt ? { lastHeartbeatAt: instance.lastHeartbeatAt } : {}),
  };
  try {
    const response = await request(`${instance.url.replace(/\/$/, '')}/health/ready`, {
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = (await response.body.json().catch(() => ({}))) as {
      status?: unknown;
      checks?: unknown;
    };
    const state =
      response.statusCode !== 200 ? 'not_ready' : body.status === 'degraded' ? 'degraded' : 'ready';
    return { ...base, state, checks: readChecks(body.checks) };
  } catch (error) {
    return { ...base, checks: { health: (error as Error).message || 'no answer' } };
  }
}

function readChecks(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object') return {};
  return Object.fromEntries(Object.entries(value).map(([name, result]) => [name, String(result)]));
}
