import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './config.js';
import { httpConfig, loadServiceConfig } from './service.js';

const configSchema = Type.Object(httpConfig(8080));
const TOKEN = 'a-shared-registry-token-of-32-chars';

function problemsOf(run: () => unknown): string[] {
  try {
    run();
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe('loadServiceConfig', () => {
  it('when a service registers with the registry without REGISTRY_TOKEN, then its configuration is refused', () => {
    expect(problemsOf(() => loadServiceConfig({ configSchema }, {}))).toEqual([
      expect.stringMatching(/^REGISTRY_TOKEN: required with DISCOVERY=registry/),
    ]);
    expect(
      problemsOf(() =>
        loadServiceConfig({ configSchema }, { DISCOVERY: 'registry', REGISTRY_TOKEN: TOKEN }),
      ),
    ).toEqual([]);
  });

  it('when the token is shorter than the registry accepts, then it is refused too', () => {
    expect(
      problemsOf(() => loadServiceConfig({ configSchema }, { REGISTRY_TOKEN: 'short-secret' })),
    ).toEqual([expect.stringMatching(/^REGISTRY_TOKEN: .*32/)]);
  });

  it('when the service does not use the registry, or does not register (the registry itself), then no token is needed', () => {
    expect(
      problemsOf(() =>
        loadServiceConfig(
          { configSchema },
          { DISCOVERY: 'static', SERVICE_URLS: 'auth=http://auth:8080' },
        ),
      ),
    ).toEqual([]);
    expect(problemsOf(() => loadServiceConfig({ configSchema, register: false }, {}))).toEqual([]);
  });

  it('when the shutdown timeout is not longer than the drain it includes, then the configuration is refused', () => {
    const base = { DISCOVERY: 'static', SERVICE_URLS: 'auth=http://auth:8080' };
    expect(
      problemsOf(() =>
        loadServiceConfig(
          { configSchema },
          { ...base, SHUTDOWN_DRAIN_MS: '5000', SHUTDOWN_TIMEOUT_MS: '5000' },
        ),
      ),
    ).toEqual([
      expect.stringMatching(/^SHUTDOWN_TIMEOUT_MS: must be longer than SHUTDOWN_DRAIN_MS \(5000\)/),
    ]);
    expect(
      problemsOf(() =>
        loadServiceConfig(
          { configSchema },
          { ...base, SHUTDOWN_DRAIN_MS: '0', SHUTDOWN_TIMEOUT_MS: '1000' },
        ),
      ),
    ).toEqual([]);
    expect(problemsOf(() => loadServiceConfig({ configSchema }, base))).toEqual([]);
  });
});
