import type { AddressInfo } from 'node:net';
import { createLogger, startTracing, stopTracing } from '@souk/platform';
import { startOtlpReceiver } from '@souk/testkit';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';

const TOKEN = 'registry-test-token-0123456789abcdef';

describe('registry traces', () => {
  it('heartbeats and lookups, sent by every instance every few seconds, make no span; a registration does', async () => {
    const receiver = await startOtlpReceiver();
    await startTracing({
      serviceName: 'registry',
      otlpEndpoint: receiver.url,
      sampler: 'always_on',
    });
    const app = await buildApp(
      { INSTANCE_TTL_MS: 15_000, TRUSTED_PROXIES: '', REGISTRY_TOKEN: TOKEN },
      { logger: createLogger({ name: 'test', level: 'silent' }) },
    );
    try {
      await app.listen({ host: '127.0.0.1', port: 0 });
      const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/registry/services/order`;
      const send = async (method: string, url: string, body?: unknown) => {
        const response = await fetch(url, {
          method,
          headers: {
            'x-registry-token': TOKEN,
            ...(body ? { 'content-type': 'application/json' } : {}),
          },
          body: body ? JSON.stringify(body) : undefined,
        });
        expect(response.status, `${method} ${url}`).toBe(200);
        await response.text();
      };
      await send('PUT', `${base}/instances/order-1`, { url: 'http://127.0.0.1:9999' });
      for (let beat = 0; beat < 3; beat += 1) {
        await send('PUT', `${base}/instances/order-1/heartbeat`);
        await send('GET', base);
      }
      await stopTracing();
      expect(receiver.spans.map((span) => span.name)).toEqual([
        'PUT /registry/services/:service/instances/:instanceId',
      ]);
    } finally {
      await stopTracing();
      await app.close();
      await receiver.close();
    }
  });
});
