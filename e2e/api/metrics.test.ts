import { randomUUID } from 'node:crypto';
import { SERVICE_NAMES } from '@souk/contracts';
import { freePort, sampleNames, sampleValue } from '@souk/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referencedMetricNames } from '../../deploy/monitoring/metric-names.js';
import { apiClient, eventually, type ApiClient } from '../support/api.js';
import { startSystem, type System } from '../support/system.js';

// Issue 9, metrics: every service's /metrics on its own port, none through the gateway, and a
// checkout that moves the counters it should.

const address = {
  fullName: 'Salma Bennani',
  line1: '12 derb Sidi Ahmed',
  city: 'Fès',
  postalCode: '30000',
  country: 'MA',
};
const card = {
  number: '4242 4242 4242 4242',
  expMonth: 12,
  expYear: new Date().getFullYear() + 2,
  cvc: '123',
  holderName: 'Salma Bennani',
};
const BACKEND = SERVICE_NAMES.filter((name) => name !== 'gateway');

describe('metrics of the real services', () => {
  let system: System;
  let api: ApiClient;
  let gatewayMetricsPort: number;

  beforeAll(async () => {
    gatewayMetricsPort = await freePort();
    system = await startSystem({
      env: { PRODUCT_DEMO_CATALOG: 'false', GATEWAY_METRICS_PORT: String(gatewayMetricsPort) },
    });
    api = apiClient(system.gatewayUrl);
  });
  afterAll(() => system?.stop());

  async function scrape(url: string): Promise<string> {
    const response = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(10_000) });
    expect(response.status, url).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return response.text();
  }
  const serviceUrl = (name: string) => system.services[name]!.url;
  const gatewayMetricsUrl = () => `http://127.0.0.1:${gatewayMetricsPort}`;

  it('every service serves Prometheus text at /metrics on its own port; the gateway only on its metrics port, never on its public one', async () => {
    for (const name of BACKEND) {
      const text = await scrape(serviceUrl(name));
      expect(text, name).toContain(`target_info{service_name="${name}"`);
      expect(sampleNames(text), name).toContain('nodejs_eventloop_delay_p99');
    }
    const gateway = await scrape(gatewayMetricsUrl());
    expect(gateway).toContain('target_info{service_name="gateway"');

    const direct = await fetch(`${system.gatewayUrl}/metrics`);
    expect(direct.status).toBe(404);
    await direct.body?.cancel();
    for (const path of [
      '/api/orders/../../metrics',
      '/api/ops/order/metrics',
      '/api/orders/%2e%2e/%2e%2e/metrics',
    ]) {
      const through = await fetch(`${system.gatewayUrl}${path}`);
      const text = await through.text();
      expect(through.status, path).toBeGreaterThanOrEqual(400);
      expect(text, path).not.toContain('target_info');
    }
  });

  it('a checkout moves the order, payment, bus and HTTP counters, and every metric the alerts and the dashboard read is served', async () => {
    const before = {
      order: await scrape(serviceUrl('order')),
      payment: await scrape(serviceUrl('payment')),
    };
    const adminToken = await api.login(system.admin.email, system.admin.password);
    const categoryId = (
      await api.post('/api/categories', {
        token: adminToken,
        body: { name: `Metrics ${randomUUID().slice(0, 6)}` },
      })
    ).body.id;
    const product = await api.post('/api/products', {
      token: adminToken,
      body: {
        name: 'Copper tray',
        description: 'A copper tray for the metrics test.',
        price: 31500,
        stock: 3,
        categoryId,
      },
    });
    expect(product.status).toBe(201);
    const client = await api.register('metrics');
    const placed = await api.post('/api/orders', {
      token: client.token,
      body: { items: [{ productId: product.body.id, quantity: 2 }], shippingAddress: address },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(placed.status).toBe(201);
    const orderId = placed.body.id as string;
    await eventually(
      async () =>
        (await api.get(`/api/orders/${orderId}`, { token: client.token })).body.status ===
        'AWAITING_PAYMENT',
      'awaiting payment',
    );
    const paid = await api.post('/api/payments', {
      token: client.token,
      body: { orderId, card },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(paid.body).toMatchObject({ status: 'SUCCEEDED', amount: 63000, currency: 'MAD' });
    await eventually(
      async () =>
        (await api.get(`/api/orders/${orderId}`, { token: client.token })).body.status === 'PAID',
      'paid',
    );

    const moved = (
      text: { before: string; after: string },
      name: string,
      labels: Record<string, string> = {},
    ) => sampleValue(text.after, name, labels) - sampleValue(text.before, name, labels);
    const after = await eventually(async () => {
      const now = {
        order: await scrape(serviceUrl('order')),
        payment: await scrape(serviceUrl('payment')),
      };
      return sampleValue(now.order, 'souk_orders_total', { order_state: 'paid' }) >
        sampleValue(before.order, 'souk_orders_total', { order_state: 'paid' }) &&
        sampleValue(now.payment, 'souk_revenue_total', { currency: 'MAD' }) >
          sampleValue(before.payment, 'souk_revenue_total', { currency: 'MAD' })
        ? now
        : undefined;
    }, 'the paid order and the revenue to be counted');
    const order = { before: before.order, after: after.order };
    const payment = { before: before.payment, after: after.payment };
    expect(moved(order, 'souk_orders_total', { order_state: 'placed' })).toBe(1);
    expect(moved(order, 'souk_orders_total', { order_state: 'paid' })).toBe(1);
    expect(moved(order, 'souk_orders_total', { order_state: 'rejected' })).toBe(0);
    expect(moved(order, 'souk_orders_total', { order_state: 'cancelled' })).toBe(0);
    expect(moved(payment, 'souk_payments_total', { payment_outcome: 'succeeded' })).toBe(1);
    expect(moved(payment, 'souk_payments_total', { payment_outcome: 'declined' })).toBe(0);
    expect(moved(payment, 'souk_revenue_total', { currency: 'MAD' })).toBe(63000);
    expect(moved(order, 'souk_bus_published_total', { event_type: 'order.placed' })).toBe(1);
    expect(moved(order, 'souk_bus_published_total', { event_type: 'order.paid' })).toBe(1);
    expect(moved(order, 'souk_bus_consumed_total', { event_type: 'payment.succeeded' })).toBe(1);
    expect(moved(payment, 'souk_bus_published_total', { event_type: 'payment.succeeded' })).toBe(1);
    expect(
      moved(order, 'http_server_request_duration_count', {
        http_route: '/api/orders',
        http_request_method: 'POST',
        http_response_status_code: '201',
      }),
    ).toBe(1);
    expect(
      moved(payment, 'http_client_request_duration_count', {
        peer_service: 'order',
        http_request_method: 'GET',
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(sampleValue(after.order, 'db_client_connection_max')).toBeGreaterThan(0);
    expect(sampleValue(after.order, 'souk_broker_up')).toBe(1);
    expect(sampleValue(after.order, 'souk_bus_dead_letter_queue_depth')).toBe(0);
    expect(sampleNames(after.order)).toContain('souk_outbox_oldest_age');

    const gateway = await scrape(gatewayMetricsUrl());
    expect(
      sampleValue(gateway, 'http_client_request_duration_count', {
        peer_service: 'order',
        http_request_method: 'POST',
      }),
    ).toBeGreaterThanOrEqual(1);

    const served = new Set<string>();
    for (const name of BACKEND)
      for (const sample of sampleNames(await scrape(serviceUrl(name)))) served.add(sample);
    for (const sample of sampleNames(gateway)) served.add(sample);
    expect([...referencedMetricNames()].filter((name) => !served.has(name))).toEqual([]);
  });
});
