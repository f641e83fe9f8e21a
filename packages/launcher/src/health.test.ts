import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { waitUntilRegistered } from './health.js';

describe('waiting for the registry to list every service', () => {
  const servers: ReturnType<typeof createServer>[] = [];
  afterEach(async () => {
    await Promise.all(
      servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))),
    );
  });

  /** A registry whose listing grows by one service at each read. */
  async function growingRegistry(order: string[]) {
    let reads = 0;
    const server = createServer((_request, response) => {
      const listed = order.slice(0, reads++);
      response.setHeader('content-type', 'application/json');
      response.end(
        JSON.stringify({
          services: listed.map((service) => ({ service, instances: [{ url: 'x' }] })),
        }),
      );
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it('when the services register one after another, then it returns once all are listed', async () => {
    const url = await growingRegistry(['auth', 'order', 'gateway']);
    const missing = await waitUntilRegistered(url, ['gateway', 'auth', 'order'], {
      deadline: Date.now() + 10_000,
      signal: new AbortController().signal,
      intervalMs: 10,
    });
    expect(missing).toEqual([]);
  });

  it('when one never registers, then it names it at the deadline', async () => {
    const url = await growingRegistry(['auth']);
    const missing = await waitUntilRegistered(url, ['auth', 'payment'], {
      deadline: Date.now() + 300,
      signal: new AbortController().signal,
      intervalMs: 10,
    });
    expect(missing).toEqual(['payment']);
  });
});
