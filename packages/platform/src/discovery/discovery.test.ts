import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { createStaticDiscovery, parseServiceUrls } from './discovery.js';

describe('static discovery (DISCOVERY=static)', () => {
  it('when SERVICE_URLS lists services, then each name maps to its URL without a trailing slash', () => {
    const urls = parseServiceUrls(
      ' auth=http://auth:8080/ , product=https://product.shop.svc:8443,,',
    );
    expect([...urls]).toEqual([
      ['auth', 'http://auth:8080'],
      ['product', 'https://product.shop.svc:8443'],
    ]);
  });

  it('when SERVICE_URLS is empty, then no service is known', () => {
    expect(parseServiceUrls('').size).toBe(0);
  });

  it.each([
    ['a pair without a URL', 'auth='],
    ['a pair without a name', '=http://auth:8080'],
    ['a URL without a scheme', 'auth=auth:8080'],
    ['a pair without an equals sign', 'auth'],
  ])('when SERVICE_URLS has %s, then it is refused naming the pair', (_situation, value) => {
    expect(() => parseServiceUrls(value)).toThrow(/SERVICE_URLS: cannot read/);
  });

  it('when a configured service is resolved, then its one URL comes back, every time', async () => {
    const discovery = createStaticDiscovery('auth=http://auth:8080,product=http://product:8080');
    expect(await discovery.resolve('product')).toBe('http://product:8080');
    expect(await discovery.resolve('product')).toBe('http://product:8080');
    expect(await discovery.instances('auth')).toEqual([
      { service: 'auth', instanceId: 'auth-static', url: 'http://auth:8080' },
    ]);
  });

  it('when a service is not configured, then resolve fails as unavailable and it has no instances', async () => {
    const discovery = createStaticDiscovery('auth=http://auth:8080');
    const error = await discovery.resolve('order').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('unavailable');
    expect(await discovery.instances('order')).toEqual([]);
  });
});
