import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';
import { createServer } from './http/server.js';
import { createLogger } from './logger.js';
import { httpConfig } from './service.js';
import { trustedProxiesVariable, trustProxySetting } from './trusted-proxies.js';

const serviceSchema = Type.Object(httpConfig(8080));
const edgeSchema = Type.Object({
  ...httpConfig(8080),
  TRUSTED_PROXIES: trustedProxiesVariable(''),
});

function configError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

/** The client address a server configured with `trustedProxies` sees for a request. */
async function seenAddress(
  trustedProxies: string,
  remoteAddress: string,
  forwardedFor: string,
): Promise<string> {
  const app = createServer({
    name: 'test',
    logger: createLogger({ name: 'test', level: 'silent' }),
    trustProxy: trustProxySetting(trustedProxies),
  });
  app.get('/ip', async (request) => ({ ip: request.ip }));
  try {
    const response = await app.inject({
      method: 'GET',
      url: '/ip',
      remoteAddress,
      headers: { 'x-forwarded-for': forwardedFor },
    });
    return response.json().ip;
  } finally {
    await app.close();
  }
}

describe('TRUSTED_PROXIES', () => {
  it('when unset, then a service trusts loopback only and the edge trusts nobody', async () => {
    const service = loadConfig(serviceSchema, {});
    const edge = loadConfig(edgeSchema, {});
    expect(service.TRUSTED_PROXIES).toBe('loopback');
    expect(trustProxySetting(edge.TRUSTED_PROXIES)).toBe(false);

    expect(await seenAddress(service.TRUSTED_PROXIES, '127.0.0.1', '203.0.113.9')).toBe(
      '203.0.113.9',
    );
    // A private address is no proxy unless listed: its header is ignored.
    expect(await seenAddress(service.TRUSTED_PROXIES, '10.9.8.7', '203.0.113.9')).toBe('10.9.8.7');
    expect(await seenAddress(edge.TRUSTED_PROXIES, '127.0.0.1', '203.0.113.9')).toBe('127.0.0.1');
  });

  it('when it lists addresses, ranges and names with spaces, then each is trusted and nothing else', async () => {
    const config = loadConfig(serviceSchema, {
      TRUSTED_PROXIES: ' 10.1.0.0/16, 192.168.1.7 ,fd00::/8,, linklocal',
    });
    expect(trustProxySetting(config.TRUSTED_PROXIES)).toBe(
      '10.1.0.0/16,192.168.1.7,fd00::/8,linklocal',
    );
    expect(await seenAddress(config.TRUSTED_PROXIES, '10.1.200.3', '203.0.113.9')).toBe(
      '203.0.113.9',
    );
    expect(await seenAddress(config.TRUSTED_PROXIES, '10.2.0.1', '203.0.113.9')).toBe('10.2.0.1');
    expect(await seenAddress(config.TRUSTED_PROXIES, '127.0.0.1', '203.0.113.9')).toBe('127.0.0.1');
  });

  it('when an entry is not an address, a range or a known name, then start-up fails naming each bad entry', () => {
    const message = configError(() =>
      loadConfig(serviceSchema, {
        TRUSTED_PROXIES: '10.0.0.0/8,10.0.0.0/33,gateway,300.1.2.3,Loopback',
        PORT: 'x',
      }),
    );
    expect(message).toContain(
      'TRUSTED_PROXIES: "10.0.0.0/33", "gateway", "300.1.2.3", "Loopback" are not an IP address, a CIDR range such as 10.0.0.0/8, or one of loopback, linklocal, uniquelocal',
    );
    // Listed with the other problems, not instead of them.
    expect(message).toContain('PORT:');
    expect(configError(() => loadConfig(edgeSchema, { TRUSTED_PROXIES: 'true' }))).toContain(
      '"true" is not an IP address',
    );
  });
});
