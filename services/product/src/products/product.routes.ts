import { Type } from '@sinclair/typebox';
import {
  CreateProductBody,
  IdParams,
  ListProductsQuery,
  Problem,
  Product,
  ProductPage,
  UpdateProductBody,
} from '@souk/contracts';
import type { App } from '@souk/platform';
import type { Catalog } from '../catalog.js';
import type { ImageStore } from '../images/image.store.js';
import {
  createProduct,
  deleteProduct,
  getProduct,
  listProducts,
  updateProduct,
} from './product.service.js';

const tags = ['products'];
const security = [{ bearer: [] }];
const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem };

export function productRoutes(app: App, catalog: Catalog, store: ImageStore): void {
  app.get(
    '/api/products',
    {
      schema: {
        tags,
        summary: 'Search and browse the catalog',
        description:
          'Full-text search on name and description (every word, as a prefix), filters that combine, ' +
          'and a stable order (ties broken by id) so paging never repeats or skips a product.',
        querystring: ListProductsQuery,
        response: { 200: ProductPage, 400: Problem },
      },
    },
    async (request) => listProducts(catalog, request.query),
  );

  app.get(
    '/api/products/:id',
    {
      schema: {
        tags,
        summary: 'One product',
        params: IdParams,
        response: { 200: Product, 404: Problem },
      },
    },
    async (request) => getProduct(catalog, request.params.id),
  );

  app.post(
    '/api/products',
    {
      onRequest: app.requireAdmin,
      schema: {
        tags,
        security,
        summary: 'Add a product (ADMIN); 400 when the category does not exist',
        body: CreateProductBody,
        response: { 201: Product, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await createProduct(catalog, request.body)),
  );

  app.patch(
    '/api/products/:id',
    {
      onRequest: app.requireAdmin,
      schema: {
        tags,
        security,
        summary: 'Change a product (ADMIN)',
        params: IdParams,
        body: UpdateProductBody,
        response: { 200: Product, ...errors },
      },
    },
    async (request) => updateProduct(catalog, request.params.id, request.body),
  );

  app.delete(
    '/api/products/:id',
    {
      onRequest: app.requireAdmin,
      schema: {
        tags,
        security,
        summary: 'Remove a product from the catalog (ADMIN)',
        params: IdParams,
        response: { 204: Type.Null({ description: 'No content' }), ...errors },
      },
    },
    async (request, reply) => {
      await deleteProduct(catalog, store, request.params.id);
      return reply.status(204).send(null);
    },
  );
}
