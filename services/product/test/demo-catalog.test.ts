import { readdir } from 'node:fs/promises';
import { createDatabase, createLogger, migrate } from '@souk/platform';
import { createTestDatabase, testDatabaseServerUrl } from '@souk/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { migrations } from '../src/db/migrations.js';
import type { ProductDatabase } from '../src/db/schema.js';
import { demoCatalog } from '../src/demo/demo-catalog.js';
import { seedDemoCatalog } from '../src/demo/demo.seed.js';
import { DEMO_ASSETS_DIR } from '../src/images/image.store.js';
import { startProductService, type TestService } from './helpers.js';

describe('demo catalog', () => {
  const services: TestService[] = [];
  afterAll(async () => {
    for (const service of services) await service.close();
  });

  const count = async (app: TestService['app']) => ({
    categories: (await app.inject({ method: 'GET', url: '/api/categories' })).json()
      .length as number,
    products: (await app.inject({ method: 'GET', url: '/api/products?pageSize=1' })).json()
      .total as number,
  });

  it('when the service starts on an empty catalog, then the demo is seeded with images that are served', async () => {
    const service = await startProductService('demo', { DEMO_CATALOG: 'true' });
    services.push(service);
    const counts = await count(service.app);
    expect(counts.categories).toBeGreaterThanOrEqual(6);
    expect(counts.products).toBeGreaterThanOrEqual(40);

    const items: Array<{ name: string; imageUrl: string; currency: string }> = [];
    for (let page = 1; items.length < counts.products; page++) {
      items.push(
        ...(
          await service.app.inject({
            method: 'GET',
            url: `/api/products?pageSize=100&page=${page}`,
          })
        ).json().items,
      );
    }
    const shipped = new Set(await readdir(DEMO_ASSETS_DIR));
    for (const item of items) {
      expect(item.currency).toBe('MAD');
      expect(item.imageUrl, item.name).toMatch(/^\/api\/images\/demo-[a-z0-9-]+\.svg$/);
      expect(shipped.has(item.imageUrl.split('/').pop()!), item.name).toBe(true);
    }
    const image = await service.app.inject({ method: 'GET', url: items[0]!.imageUrl });
    expect(image.statusCode).toBe(200);
    expect(image.headers['content-type']).toBe('image/svg+xml');
    expect(image.headers['content-security-policy']).toBe(
      "default-src 'none'; style-src 'unsafe-inline'",
    );
    expect(image.headers['x-content-type-options']).toBe('nosniff');
    expect(image.body).toContain('<svg');

    const argan = (
      await service.app.inject({ method: 'GET', url: '/api/products?q=argan' })
    ).json();
    expect(argan.items[0].name).toBe('Pure Argan Oil 100 ml');

    // A restart does not seed again, not even after the admin removed a product.
    const firstId = (
      await service.app.inject({ method: 'GET', url: '/api/products?pageSize=1' })
    ).json().items[0].id;
    expect(
      (await service.asAdmin({ method: 'DELETE', url: `/api/products/${firstId}` })).statusCode,
    ).toBe(204);
    const restarted = await service.restart({ DEMO_CATALOG: 'true' });
    expect(await count(restarted)).toEqual({
      categories: counts.categories,
      products: counts.products - 1,
    });
  });

  it('when DEMO_CATALOG is false, then the catalog starts empty', async () => {
    const service = await startProductService('nodemo', { DEMO_CATALOG: 'false' });
    services.push(service);
    expect(await count(service.app)).toEqual({ categories: 0, products: 0 });
  });

  it('when two instances seed at once, then the demo is inserted once', async () => {
    const logger = createLogger({ name: 'seed-test', level: 'silent' });
    const database = await createTestDatabase(testDatabaseServerUrl(), 'seed_race');
    const first = createDatabase<ProductDatabase>({ url: database.url, logger });
    const second = createDatabase<ProductDatabase>({ url: database.url, logger });
    try {
      await migrate(first.db, migrations, logger);
      const outcomes = await Promise.all([
        seedDemoCatalog(first.db, logger),
        seedDemoCatalog(second.db, logger),
      ]);
      expect(outcomes.sort()).toEqual(['seeded', 'skipped']);
      const categories = await first.db
        .selectFrom('categories')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      const products = await first.db
        .selectFrom('products')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(categories.n).toBe(demoCatalog.length);
      expect(products.n).toBe(demoCatalog.flatMap((category) => category.products).length);
    } finally {
      await first.close();
      await second.close();
      await database.drop();
    }
  });
});
