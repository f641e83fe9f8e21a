import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpClient, createStaticDiscovery, type HttpClient } from '@souk/platform';
import { afterEach, describe, expect, it } from 'vitest';
import { createProductCatalog } from './product-catalog.js';

const ID = '3f2a9c1e-7b44-4c1d-9a0e-5b6c7d8e9f00';
const product = {
  id: ID,
  name: 'Mint tea',
  description: 'Gunpowder green tea with spearmint',
  price: 4500,
  currency: 'MAD',
  stock: 12,
  categoryId: 'a1b2c3d4-0000-4000-8000-000000000001',
  imageUrl: null,
  createdAt: '2026-06-15T12:00:00.000Z',
};

let server: Server | undefined;
let http: HttpClient | undefined;

/** A stand-in product service that answers every request with `body`. */
async function catalogAnswering(body: unknown) {
  server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  http = createHttpClient({
    discovery: createStaticDiscovery(`product=http://127.0.0.1:${port}`),
  });
  return createProductCatalog(http);
}

afterEach(async () => {
  await http?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
  http = undefined;
});

describe('product catalog reply', () => {
  it('when the product service answers a page that matches the contract, then the products are found', async () => {
    const catalog = await catalogAnswering({ items: [product], page: 1, pageSize: 1, total: 1 });
    const found = await catalog.findProducts([ID]);
    expect(found.get(ID)).toEqual({
      id: ID,
      name: 'Mint tea',
      price: 4500,
      currency: 'MAD',
      stock: 12,
    });
  });

  it('when the product service answers a price as text, then the lookup fails with a bad gateway naming the field', async () => {
    const catalog = await catalogAnswering({
      items: [{ ...product, price: '45.00' }],
      page: 1,
      pageSize: 1,
      total: 1,
    });
    const failure = catalog.findProducts([ID]);
    await expect(failure).rejects.toMatchObject({ code: 'bad_gateway', status: 502 });
    await expect(failure).rejects.toThrow(
      /product service's reply to GET \/api\/products does not match its contract \(\/items\/0\/price: /,
    );
  });

  it('when the product service answers something that is not a page at all, then the lookup fails with a bad gateway', async () => {
    const catalog = await catalogAnswering([product]);
    await expect(catalog.findProducts([ID])).rejects.toMatchObject({ code: 'bad_gateway' });
  });
});
