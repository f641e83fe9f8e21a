import { Type } from '@sinclair/typebox';
import { LowStockQuery, Problem, Product } from '@souk/contracts';
import type { App } from '@souk/platform';
import type { Catalog } from '../catalog.js';
import { toProduct } from '../products/product.repository.js';

/** `GET /api/products/low-stock` (ADMIN): the dashboard's low-stock list, lowest first. */
export function stockRoutes(
  app: App,
  catalog: Catalog,
  options: { lowStockThreshold: number },
): void {
  app.get(
    '/api/products/low-stock',
    {
      onRequest: app.requireAdmin,
      schema: {
        tags: ['products'],
        security: [{ bearer: [] }],
        summary: 'Products at or below the low-stock threshold (ADMIN)',
        querystring: LowStockQuery,
        response: {
          200: Type.Object({ threshold: Type.Integer(), items: Type.Array(Product) }),
          401: Problem,
          403: Problem,
        },
      },
    },
    async (request) => {
      const threshold = request.query.threshold ?? options.lowStockThreshold;
      const rows = await catalog.db
        .selectFrom('products')
        .select([
          'id',
          'name',
          'description',
          'price',
          'currency',
          'stock',
          'category_id',
          'image_file',
          'created_at',
        ])
        .where('deleted_at', 'is', null)
        .where('stock', '<=', threshold)
        .orderBy('stock')
        .orderBy('id')
        .limit(request.query.limit)
        .execute();
      return { threshold, items: rows.map(toProduct) };
    },
  );
}
