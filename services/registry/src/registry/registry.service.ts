import { notFound, type Logger } from '@souk/platform';

export interface InstanceRecord {
  service: string;
  instanceId: string;
  url: string;
  registeredAt: string;
  lastHeartbeatAt: string;
}

export interface ServiceInstances {
  service: string;
  instances: InstanceRecord[];
}

export interface InstanceRegistry {
  /** Adds an instance, or refreshes it (and its URL) when it is already known. */
  registerInstance(service: string, instanceId: string, url: string): InstanceRecord;
  /** Renews an instance's lease; not_found when it is unknown or already expired. */
  recordHeartbeat(service: string, instanceId: string): InstanceRecord;
  /** Removes an instance; removing an unknown one is not an error. */
  deregisterInstance(service: string, instanceId: string): void;
  listInstances(service: string): ServiceInstances;
  listServices(): ServiceInstances[];
  /** Drops every instance whose lease ran out; returns what it dropped. */
  expireInstances(): InstanceRecord[];
  /** Stops the expiry sweep. */
  close(): void;
}

export interface RegistryOptions {
  ttlMs: number;
  logger: Logger;
  /** How often expired instances are swept out (default: a third of the TTL, at most 5 s). */
  sweepMs?: number;
  now?: () => number;
}

interface Lease {
  record: InstanceRecord;
  expiresAt: number;
}

/**
 * Instances live in memory, as in Eureka: after a restart the registry is empty until clients
 * re-register, which they do when a heartbeat is answered 404. A lease lasts `ttlMs` from the
 * last heartbeat; reads never return an instance whose lease ran out, even before the sweep.
 */
export function createInstanceRegistry(options: RegistryOptions): InstanceRegistry {
  const now = options.now ?? Date.now;
  const services = new Map<string, Map<string, Lease>>();
  // Log keys say serviceName: `service` is already the logger's own field (the registry).
  const log = options.logger;

  const isLive = (lease: Lease, at: number) => lease.expiresAt > at;

  function instancesOf(service: string): Map<string, Lease> {
    let instances = services.get(service);
    if (!instances) {
      instances = new Map();
      services.set(service, instances);
    }
    return instances;
  }

  function remove(service: string, instanceId: string): Lease | undefined {
    const instances = services.get(service);
    const lease = instances?.get(instanceId);
    if (!instances || !lease) return undefined;
    instances.delete(instanceId);
    if (instances.size === 0) services.delete(service);
    return lease;
  }

  function expire(service: string, instanceId: string, at: number): InstanceRecord | undefined {
    const lease = remove(service, instanceId);
    if (!lease) return undefined;
    log.warn(
      {
        serviceName: service,
        instanceId,
        url: lease.record.url,
        silentForMs: at - Date.parse(lease.record.lastHeartbeatAt),
      },
      'instance expired: no heartbeat in time',
    );
    return lease.record;
  }

  function liveRecords(service: string): InstanceRecord[] {
    const at = now();
    return [...(services.get(service)?.values() ?? [])]
      .filter((lease) => isLive(lease, at))
      .map((lease) => lease.record);
  }

  const sweepMs = options.sweepMs ?? Math.min(5_000, Math.max(50, Math.floor(options.ttlMs / 3)));
  const registry: InstanceRegistry = {
    registerInstance(service, instanceId, url) {
      const at = now();
      const instances = instancesOf(service);
      const previous = instances.get(instanceId);
      const known = previous && isLive(previous, at) ? previous : undefined;
      const stamp = new Date(at).toISOString();
      const record: InstanceRecord = {
        service,
        instanceId,
        url,
        // A PUT is a (re)start of that instance, even under the same id: heartbeats do not move this.
        registeredAt: stamp,
        lastHeartbeatAt: stamp,
      };
      instances.set(instanceId, { record, expiresAt: at + options.ttlMs });
      if (!known) log.info({ serviceName: service, instanceId, url }, 'instance registered');
      else if (known.record.url !== url)
        log.info(
          { serviceName: service, instanceId, url, previousUrl: known.record.url },
          'instance moved',
        );
      return record;
    },

    recordHeartbeat(service, instanceId) {
      const at = now();
      const lease = services.get(service)?.get(instanceId);
      if (!lease) throw notFound(`Instance ${instanceId} of ${service}`);
      if (!isLive(lease, at)) {
        expire(service, instanceId, at);
        throw notFound(`Instance ${instanceId} of ${service}`);
      }
      lease.record = { ...lease.record, lastHeartbeatAt: new Date(at).toISOString() };
      lease.expiresAt = at + options.ttlMs;
      return lease.record;
    },

    deregisterInstance(service, instanceId) {
      const lease = remove(service, instanceId);
      if (lease)
        log.info(
          { serviceName: service, instanceId, url: lease.record.url },
          'instance deregistered',
        );
    },

    listInstances(service) {
      return { service, instances: liveRecords(service) };
    },

    listServices() {
      return [...services.keys()]
        .sort()
        .map((service) => ({ service, instances: liveRecords(service) }))
        .filter((entry) => entry.instances.length > 0);
    },

    expireInstances() {
      const at = now();
      const expired: InstanceRecord[] = [];
      for (const [service, instances] of [...services]) {
        for (const [instanceId, lease] of [...instances]) {
          if (isLive(lease, at)) continue;
          const record = expire(service, instanceId, at);
          if (record) expired.push(record);
        }
      }
      return expired;
    },

    close() {
      clearInterval(sweep);
    },
  };

  const sweep = setInterval(() => registry.expireInstances(), sweepMs);
  sweep.unref();
  return registry;
}
