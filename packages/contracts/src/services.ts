/**
 * Every deployable of the platform, with its default port and what it needs: the one table the
 * launcher, the services' configs, the gateway, the Kubernetes generator, the e2e support and the
 * benches read (a port or a service written twice used to drift).
 */
export const SERVICES = [
  {
    name: 'registry',
    defaultPort: 8761,
    hasDatabase: false,
    consumesBus: false,
    usesBroker: false,
  },
  { name: 'auth', defaultPort: 8081, hasDatabase: true, consumesBus: true, usesBroker: true },
  { name: 'product', defaultPort: 8082, hasDatabase: true, consumesBus: true, usesBroker: true },
  { name: 'client', defaultPort: 8083, hasDatabase: true, consumesBus: true, usesBroker: true },
  { name: 'order', defaultPort: 8084, hasDatabase: true, consumesBus: true, usesBroker: true },
  { name: 'payment', defaultPort: 8085, hasDatabase: true, consumesBus: true, usesBroker: true },
  {
    name: 'notification',
    defaultPort: 8086,
    hasDatabase: true,
    consumesBus: true,
    usesBroker: true,
  },
  // The gateway listens to best-effort broadcasts (catalog changes) but consumes no queue.
  { name: 'gateway', defaultPort: 8080, hasDatabase: false, consumesBus: false, usesBroker: true },
] as const satisfies readonly ServiceDescription[];

export interface ServiceDescription {
  name: string;
  /** Its HTTP port when `PORT` (or the launcher's `<SERVICE>_PORT`) is not set. */
  defaultPort: number;
  /** Owns a PostgreSQL database of its own. */
  hasDatabase: boolean;
  /** Has queues on the bus (its entry in `busTopology`) and so dead letters. */
  consumesBus: boolean;
  /** Gets `BROKER_URL`. */
  usesBroker: boolean;
}

export type ServiceName = (typeof SERVICES)[number]['name'];
/** The services behind the gateway, which own the `/api/` paths. */
export type ApplicationService = Exclude<ServiceName, 'registry' | 'gateway'>;
/** The services with queues on the bus. */
export type BusConsumerService = Extract<(typeof SERVICES)[number], { consumesBus: true }>['name'];

/** Every service, in start order. */
export const SERVICE_NAMES: readonly ServiceName[] = SERVICES.map((service) => service.name);

export const APPLICATION_SERVICES: readonly ApplicationService[] = SERVICE_NAMES.filter(
  (name): name is ApplicationService => name !== 'registry' && name !== 'gateway',
);

export const BUS_CONSUMER_SERVICES: readonly BusConsumerService[] = SERVICES.filter(
  (service) => service.consumesBus,
).map((service) => service.name);

export function defaultPortOf(name: ServiceName): number {
  return SERVICES.find((service) => service.name === name)!.defaultPort;
}
