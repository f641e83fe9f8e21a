import { describe, expect, it } from 'vitest';
import { BODY_LIMIT_BYTES } from './limits.js';
import { APPLICATION_SERVICES, BUS_CONSUMER_SERVICES, SERVICES } from './services.js';
import { busTopology } from './topology.js';

describe('the service table', () => {
  it('when a service consumes the bus, then it has an entry in the bus topology, and only then', () => {
    expect([...BUS_CONSUMER_SERVICES].sort()).toEqual(Object.keys(busTopology).sort());
  });

  it('when two services are listed, then their names and default ports differ', () => {
    expect(new Set(SERVICES.map((service) => service.name)).size).toBe(SERVICES.length);
    expect(new Set(SERVICES.map((service) => service.defaultPort)).size).toBe(SERVICES.length);
  });

  it('every service behind the gateway has a body limit of its own', () => {
    expect(Object.keys(BODY_LIMIT_BYTES).sort()).toEqual([...APPLICATION_SERVICES].sort());
  });
});
