import { sampleValue, startOtlpReceiver } from '@souk/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/api.js';
import { SERVICE_NAMES, startSystem, type System } from '../support/system.js';

// Issue 9: 98.8% of traces were one-span idle polls. The whole system, idle and traced at 100%,
// must export nothing: relay polls, consumers waiting, sweeps, heartbeats, lookups, revocation syncs.

describe('an idle system exports no span', () => {
  let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
  let system: System;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    system = await startSystem({
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_TRACES_SAMPLER: 'always_on',
        PRODUCT_DEMO_CATALOG: 'false',
      },
    });
  });
  afterAll(async () => {
    await system?.stop();
    await receiver?.close();
  });

  const heartbeats = async () =>
    sampleValue(
      await (await fetch(`${system.registryUrl}/metrics`)).text(),
      'http_server_request_duration_count',
      {
        http_route: '/registry/services/:service/instances/:instanceId/heartbeat',
      },
    );

  it('once started, over two rounds of heartbeats from every instance nothing is exported; then one request exports its trace', async () => {
    // The marker that time went by: each instance beats every 5 s (relays poll every 2 s meanwhile).
    // Start-up work (registrations, the seeded admin's event) is traced: let one round pass first.
    const instances = SERVICE_NAMES.filter((name) => name !== 'registry').length;
    const start = await heartbeats();
    await eventually(
      async () => (await heartbeats()) >= start + instances,
      'a round of heartbeats',
      30_000,
      500,
    );
    const afterStartUp = receiver.spans.length;
    const settled = await heartbeats();
    await eventually(
      async () => (await heartbeats()) >= settled + 2 * instances,
      'two more rounds of heartbeats',
      30_000,
      500,
    );
    expect(receiver.spans.slice(afterStartUp).map((span) => span.name)).toEqual([]);

    const response = await fetch(`${system.gatewayUrl}/api/categories`);
    expect(response.status).toBe(200);
    await response.text();
    const names = await eventually(async () => {
      const seen = receiver.spans.map((span) => span.name);
      return seen.includes('GET /api/categories') && seen.includes('db.query') ? seen : undefined;
    }, "the request's spans");
    expect(new Set(receiver.spans.slice(afterStartUp).map((span) => span.traceId)).size).toBe(1);
    expect(names.length).toBeGreaterThan(2);
  });
});
