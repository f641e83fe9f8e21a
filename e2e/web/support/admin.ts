import { randomUUID } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { eventually, type ApiClient } from '../../support/api.js';

/**
 * Helpers for the admin half of the web flow: the dashboard by data-testid, name attributes and
 * URLs (not by text, so the language cannot break them), and the API calls that set the scene.
 */

/** Signs in on the shop's login page and lands on `next` (an /admin path). */
export async function signInAsAdmin(
  page: Page,
  admin: { email: string; password: string },
  next = '/admin',
): Promise<void> {
  await page.goto(`/login?next=${encodeURIComponent(next)}`);
  await page.locator('input[name=email]').fill(admin.email);
  await page.locator('input[name=password]').fill(admin.password);
  await page.locator('#main form button[type=submit]').click();
  await page.waitForURL((url) => url.pathname === next.split('?')[0]);
}

/** Waits (bounded) until the admin order page's status badge says `status`. */
export async function waitForAdminOrderStatus(
  page: Page,
  status: string,
  timeout = 20_000,
): Promise<void> {
  await page
    .locator(`[data-testid=admin-order-status][data-status=${status}]`)
    .waitFor({ timeout });
}

/** Unread count of the header bell (0 when the badge is hidden). */
export async function bellCount(page: Page): Promise<number> {
  return Number((await page.getByTestId('notification-count').textContent()) ?? '0');
}

/**
 * A client with a PAID order, placed and paid through the public API as the storefront does (the
 * storefront spec walks the same steps in the browser): register, order an in-stock product,
 * wait for the stock reservation, pay with the test card that succeeds, wait for PAID.
 */
export async function clientWithPaidOrder(api: ApiClient) {
  const client = await api.register('amina');
  const products = await api.get('/api/products?inStock=true&sort=price_asc&pageSize=5');
  const product = products.body.items[0];
  if (!product) throw new Error('no product in stock to order');
  const placed = await api.post('/api/orders', {
    token: client.token,
    headers: { 'idempotency-key': randomUUID() },
    body: {
      items: [{ productId: product.id, quantity: 1 }],
      shippingAddress: {
        fullName: 'Amina Benali',
        line1: '12 Derb Sidi Bouloukat',
        city: 'Marrakech',
        postalCode: '40000',
        country: 'MA',
      },
    },
  });
  if (placed.status !== 201)
    throw new Error(`order: ${placed.status} ${JSON.stringify(placed.body)}`);
  const orderId: string = placed.body.id;
  await eventually(
    async () =>
      (await api.get(`/api/orders/${orderId}`, { token: client.token })).body.status ===
      'AWAITING_PAYMENT',
    'the stock reservation',
  );
  const paid = await api.post('/api/payments', {
    token: client.token,
    headers: { 'idempotency-key': randomUUID() },
    body: {
      orderId,
      card: {
        number: '4242 4242 4242 4242',
        expMonth: 12,
        expYear: new Date().getFullYear() + 3,
        cvc: '123',
        holderName: 'Amina Benali',
      },
    },
  });
  if (paid.body?.status !== 'SUCCEEDED')
    throw new Error(`payment: ${paid.status} ${JSON.stringify(paid.body)}`);
  await eventually(
    async () =>
      (await api.get(`/api/orders/${orderId}`, { token: client.token })).body.status === 'PAID',
    'the order to be PAID',
  );
  return { ...client, orderId, shortId: orderId.replace(/-/g, '').slice(0, 8).toUpperCase() };
}

/** A small real PNG (a terracotta square with a saffron band), made here so no fixture file is needed. */
export function makePng(size = 48): Buffer {
  const row = (y: number) => {
    const pixels = Buffer.alloc(1 + size * 3);
    for (let x = 0; x < size; x++) {
      const band = Math.abs(x - y) < size / 8;
      pixels.set(band ? [0xf4, 0xc4, 0x5a] : [0x9c, 0x3d, 0x1e], 1 + x * 3);
    }
    return pixels;
  };
  const raw = Buffer.concat(Array.from({ length: size }, (_, y) => row(y)));
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
