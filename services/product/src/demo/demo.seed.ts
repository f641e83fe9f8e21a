import type { Logger } from '@souk/platform';
import { sql, type Kysely } from 'kysely';
import type { ProductDatabase } from '../db/schema.js';
import { demoCatalog, demoImageFile, type DemoCategory } from './demo-catalog.js';

/**
 * Fills an empty catalog with the demo data. "Empty" means no category and no product row at all,
 * deleted products included, so a catalog an admin emptied is not filled again. An advisory lock
 * held until commit makes two instances starting at once seed it only once. No events are
 * published: nothing downstream has cached a catalog that never existed.
 */
export async function seedDemoCatalog(
  db: Kysely<ProductDatabase>,
  logger: Logger,
  catalog: DemoCategory[] = demoCatalog,
): Promise<'seeded' | 'skipped'> {
  const outcome = await db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext('souk.product.demo-catalog'))`.execute(trx);
    const { rows } = await sql<{ used: boolean }>`
      SELECT EXISTS (SELECT 1 FROM categories) OR EXISTS (SELECT 1 FROM products) AS used
    `.execute(trx);
    if (rows[0]?.used) return 'skipped' as const;

    const categories = await trx
      .insertInto('categories')
      .values(catalog.map(({ name, description }) => ({ name, description })))
      .returning(['id', 'name'])
      .execute();
    const idByName = new Map(categories.map((category) => [category.name, category.id]));
    const now = Date.now();
    const products = catalog.flatMap((category) =>
      category.products.map((product) => ({ product, categoryId: idByName.get(category.name)! })),
    );
    await trx
      .insertInto('products')
      .values(
        products.map(({ product, categoryId }, index) => ({
          name: product.name,
          description: product.description,
          price: product.price,
          currency: 'MAD',
          stock: product.stock,
          category_id: categoryId,
          image_file: demoImageFile(product.image),
          // One minute apart, so "newest" lists the demo catalog in a stable, meaningful order.
          created_at: new Date(now - index * 60_000),
        })),
      )
      .execute();
    return 'seeded' as const;
  });
  if (outcome === 'seeded') {
    const productCount = catalog.reduce((sum, category) => sum + category.products.length, 0);
    logger.info({ categories: catalog.length, products: productCount }, 'demo catalog seeded');
  }
  return outcome;
}
