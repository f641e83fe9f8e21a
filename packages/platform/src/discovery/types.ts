export interface ServiceInstance {
  service: string;
  instanceId: string;
  /** Base URL, e.g. http://127.0.0.1:8082 */
  url: string;
  registeredAt?: string;
  lastHeartbeatAt?: string;
}

/** Finds live instances of a peer service: through the registry, or from static URLs (Kubernetes). */
export interface Discovery {
  /** Base URL of one live instance, round-robin across instances. Throws AppError('unavailable') when none. */
  resolve(service: string): Promise<string>;
  instances(service: string): Promise<ServiceInstance[]>;
  /** Skips a URL that just failed until the next refresh of the instance list. */
  reportFailure(service: string, url: string): void;
  close(): Promise<void>;
}

export interface Registration {
  instanceId: string;
  /** Stops heartbeats and removes the instance from the registry. */
  deregister(): Promise<void>;
}
