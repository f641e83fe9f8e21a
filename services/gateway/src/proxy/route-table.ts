import { APPLICATION_SERVICES, type ApplicationService } from '@souk/contracts';

/**
 * The one route table of the gateway: which service owns each `/api/<area>`. Paths are forwarded
 * unchanged, because every service serves its public paths itself.
 */
export const UPSTREAM_SERVICES = APPLICATION_SERVICES;
export type UpstreamService = ApplicationService;

const OWNER_BY_AREA: ReadonlyMap<string, UpstreamService> = new Map([
  ['auth', 'auth'],
  ['products', 'product'],
  ['categories', 'product'],
  ['images', 'product'],
  ['clients', 'client'],
  ['cart', 'order'],
  ['orders', 'order'],
  ['payments', 'payment'],
  ['notifications', 'notification'],
]);

const KNOWN_SERVICES: ReadonlySet<string> = new Set(UPSTREAM_SERVICES);

/** `/api/products/1` -> `products`; undefined when the path is not under /api/. */
export function areaOf(path: string): string | undefined {
  return path.startsWith('/api/') ? segmentAt(path, '/api/'.length) : undefined;
}

function segmentAt(path: string, start: number): string {
  const end = path.indexOf('/', start);
  return end === -1 ? path.slice(start) : path.slice(start, end);
}

/**
 * The service that owns a path (without its query), or undefined for an unknown area.
 * `/api/ops/<service>/...` reaches that service's admin operations.
 */
export function ownerOf(path: string): UpstreamService | undefined {
  const area = areaOf(path);
  if (area === undefined) return undefined;
  if (area !== 'ops') return OWNER_BY_AREA.get(area);
  const name = segmentAt(path, '/api/ops/'.length);
  return KNOWN_SERVICES.has(name) ? (name as UpstreamService) : undefined;
}

/** Every path prefix the gateway routes, with its owner: each `/api/<area>` and `/api/ops/<service>`. */
export function routedPrefixes(): Array<{ prefix: string; service: UpstreamService }> {
  return [
    ...[...OWNER_BY_AREA].map(([area, service]) => ({ prefix: `/api/${area}`, service })),
    ...UPSTREAM_SERVICES.map((service) => ({ prefix: `/api/ops/${service}`, service })),
  ];
}
