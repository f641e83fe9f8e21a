import { Type } from '@sinclair/typebox';
import {
  Category,
  CreateCategoryBody,
  IdParams,
  Problem,
  UpdateCategoryBody,
} from '@souk/contracts';
import type { App } from '@souk/platform';
import type { Catalog } from '../catalog.js';
import {
  createCategory,
  deleteCategory,
  getCategory,
  listCategories,
  updateCategory,
} from './category.service.js';

const tags = ['categories'];
const security = [{ bearer: [] }];
const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem };

export function categoryRoutes(app: App, catalog: Catalog): void {
  app.get(
    '/api/categories',
    {
      schema: {
        tags,
        summary: 'Every category, sorted by name',
        response: { 200: Type.Array(Category) },
      },
    },
    async () => listCategories(catalog),
  );

  app.get(
    '/api/categories/:id',
    {
      schema: {
        tags,
        summary: 'One category',
        params: IdParams,
        response: { 200: Category, 404: Problem },
      },
    },
    async (request) => getCategory(catalog, request.params.id),
  );

  app.post(
    '/api/categories',
    {
      onRequest: app.requireAdmin,
      schema: {
        tags,
        security,
        summary: 'Create a category (ADMIN)',
        body: CreateCategoryBody,
        response: { 201: Category, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await createCategory(catalog, request.body)),
  );

  app.patch(
    '/api/categories/:id',
    {
      onRequest: app.requireAdmin,
      schema: {
        tags,
        security,
        summary: 'Rename or describe a category (ADMIN)',
        params: IdParams,
        body: UpdateCategoryBody,
        response: { 200: Category, ...errors },
      },
    },
    async (request) => updateCategory(catalog, request.params.id, request.body),
  );

  app.delete(
    '/api/categories/:id',
    {
      onRequest: app.requireAdmin,
      schema: {
        tags,
        security,
        summary: 'Delete an empty category (ADMIN); 409 while products remain',
        params: IdParams,
        response: { 204: Type.Null({ description: 'No content' }), ...errors },
      },
    },
    async (request, reply) => {
      await deleteCategory(catalog, request.params.id);
      return reply.status(204).send(null);
    },
  );
}
