import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '@souk/platform';
import { call, startGateway, startUpstream } from './support.js';

describe('rate limits, CORS and security headers', () => {
  let service: { app: App; url: string };
  const gateways: App[] = [];

  async function gateway(env: Record<string, string>) {
    const started = await startGateway({ auth: service.url, product: service.url }, env);
    gateways.push(started.app);
    return started.url;
  }

  beforeAll(async () => {
    service = await startUpstream('auth', (app) => {
      app.route({ method: ['GET', 'POST'], url: '/api/*', handler: async () => ({ ok: true }) });
    });
  });

  afterAll(async () => {
    await Promise.all(gateways.map((app) => app.close()));
    await service?.app.close();
  });

  const login = (url: string) =>
    call(url, '/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"email":"a@b.c","password":"x"}',
    });

  it('when a client goes over the limit, then it gets a 429 problem with Retry-After', async () => {
    const url = await gateway({
      RATE_LIMIT_MAX: '5',
      LOGIN_RATE_LIMIT_MAX: '2',
      CATALOG_CACHE_TTL_MS: '0',
    });
    for (let i = 0; i < 5; i++) expect((await call(url, '/api/products')).status).toBe(200);
    const limited = await call(url, '/api/products');
    expect(limited.status).toBe(429);
    expect(limited.headers['content-type']).toContain('application/problem+json');
    expect(limited.json()).toMatchObject({ code: 'rate_limited', status: 429 });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
  });

  it('when login is called more often than its own stricter limit, then it is a 429 while other routes still work', async () => {
    const url = await gateway({ RATE_LIMIT_MAX: '100', LOGIN_RATE_LIMIT_MAX: '2' });
    expect((await login(url)).status).toBe(200);
    expect((await login(url)).status).toBe(200);
    const limited = await login(url);
    expect(limited.status).toBe(429);
    expect(limited.json()).toMatchObject({ code: 'rate_limited' });
    expect(limited.headers['retry-after']).toBeDefined();
    expect((await call(url, '/api/products')).status).toBe(200);
  });

  it('when RATE_LIMIT_MAX is 0, then only the credential routes are limited', async () => {
    const url = await gateway({
      RATE_LIMIT_MAX: '0',
      LOGIN_RATE_LIMIT_MAX: '1',
      CATALOG_CACHE_TTL_MS: '0',
    });
    const answers = await Promise.all(Array.from({ length: 30 }, () => call(url, '/api/products')));
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    expect(answers[0]!.headers['x-ratelimit-limit']).toBeUndefined();
    expect((await login(url)).status).toBe(200);
    expect((await login(url)).status).toBe(429);
  });

  it('when a browser on an allowed origin calls, then CORS lets it, preflight included', async () => {
    const url = await gateway({ CORS_ORIGINS: 'http://shop.example, http://localhost:5173' });
    const preflight = await call(url, '/api/orders', {
      method: 'OPTIONS',
      headers: {
        origin: 'http://shop.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('http://shop.example');
    expect(preflight.headers['access-control-allow-methods']).toContain('POST');
    expect(preflight.headers['access-control-allow-headers']).toContain('authorization');

    const simple = await call(url, '/api/products', {
      headers: { origin: 'http://localhost:5173' },
    });
    expect(simple.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    expect(simple.headers['access-control-expose-headers']).toContain('x-request-id');
  });

  it('when a browser on another origin calls, then no CORS header allows it', async () => {
    const url = await gateway({ CORS_ORIGINS: 'http://shop.example' });
    const preflight = await call(url, '/api/orders', {
      method: 'OPTIONS',
      headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    expect(preflight.status).toBeGreaterThanOrEqual(400);
    const simple = await call(url, '/api/products', { headers: { origin: 'http://evil.example' } });
    expect(simple.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('when anything is served, then the security headers are there', async () => {
    const url = await gateway({});
    for (const path of ['/api/products', '/', '/api/unknown']) {
      const answer = await call(url, path);
      const csp = answer.headers['content-security-policy'] as string;
      expect(csp, path).toContain("default-src 'self'");
      expect(csp).toContain("img-src 'self' data: blob:");
      expect(csp).toContain("style-src 'self' 'unsafe-inline'");
      expect(csp).toContain("connect-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('upgrade-insecure-requests');
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
      expect(answer.headers['x-frame-options']).toBe('DENY');
      expect(answer.headers['strict-transport-security']).toBeDefined();
      expect(answer.headers['x-request-id']).toMatch(/^[\w.-]+$/);
    }
  });
});
