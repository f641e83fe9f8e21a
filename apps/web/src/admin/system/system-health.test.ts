import { describe, expect, it } from 'vitest';
import type { SystemInstance } from '../api/admin-api';
import { serviceHealth } from './system-page';

const instance = (state: SystemInstance['state']): SystemInstance => ({
  instanceId: state,
  url: 'http://127.0.0.1:1',
  state,
  checks: {},
});

describe('a service health in the system view', () => {
  it('when every instance is ready, then the service is ready', () => {
    expect(serviceHealth([instance('ready'), instance('ready')])).toBe('ready');
  });

  it('when an instance serves without its broker, then the service is degraded, not down', () => {
    expect(serviceHealth([instance('degraded')])).toBe('degraded');
    expect(serviceHealth([instance('ready'), instance('degraded')])).toBe('degraded');
  });

  it('when no instance serves, then the service is down', () => {
    expect(serviceHealth([instance('not_ready'), instance('unreachable')])).toBe('down');
    expect(serviceHealth([])).toBe('down');
  });
});
