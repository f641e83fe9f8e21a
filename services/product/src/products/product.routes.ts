import { Type } from '@sinclair/typebox';
import multipart from '@fastify/multipart';
import {
  CreateProductBody,
  CreateProductForm,
  IdParams,
  PRODUCT_FORM_FIELDS,
  ListProductsQuery,
  Problem,
  Product,
  ProductPage,
  UpdateProductBody,
} from '@souk/contracts';
import { refuseUnstorableText, validationFailed, type App } from '@souk/platform';
import type { FastifyRequest } from 'fastify';
import type { Catalog } from '../catalog.js';
import { readUploadForm, uploadLimits } from '../images/image-upload.js';
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

export interface ProductRouteOptions {
  maxImageBytes: number;
}

export async function productRoutes(
  app: App,
  catalog: Catalog,
  store: ImageStore,
  options: ProductRouteOptions,
): Promise<void> {
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

  // Multipart is accepted by this route and the image upload only: its parser lives in this scope.
  await app.register(async (scope: App) => {
    await scope.register(multipart, { limits: uploadLimits(options.maxImageBytes) });
    scope.post(
      '/api/products',
      {
        onRequest: app.requireAdmin,
        preValidation: async (request) => {
          if (request.isMultipart()) await readProductForm(request, options);
          // A schema per content type is checked only when a body came: none at all is refused here.
          else if (request.body === undefined || request.body === null)
            throw validationFailed(
              'Send the product as JSON, or as a multipart form with its image',
              [{ path: 'body', message: 'is required' }],
            );
        },
        schema: {
          tags,
          security,
          summary: 'Add a product (ADMIN), with its image in the same request when sent as a form',
          description:
            'As JSON: the product alone. As multipart/form-data: a text field "product" holding ' +
            'that same JSON and a file field "image"; when the image is refused (415 not an image, ' +
            '413 too large) or the product is (400), nothing is created and no file is kept.',
          body: {
            content: {
              'application/json': { schema: CreateProductBody },
              'multipart/form-data': { schema: CreateProductForm },
            },
          },
          response: { 201: Product, ...errors, 413: Problem, 415: Problem },
        },
      },
      async (request, reply) => {
        const body = request.body as CreateProductBody | CreateProductForm;
        const product =
          'image' in body
            ? await createProduct(catalog, store, body.product, body.image)
            : await createProduct(catalog, store, body);
        return reply.status(201).send(product);
      },
    );
  });
}

/**
 * Makes the form's parts the body the schema checks: `product` (JSON text, or a part the client sent
 * as application/json, which the plugin has parsed) and `image`. Its text is checked for what
 * PostgreSQL cannot store here, since the app-wide check ran before this body existed.
 */
async function readProductForm(
  request: FastifyRequest,
  options: ProductRouteOptions,
): Promise<void> {
  const { product: field, image } = PRODUCT_FORM_FIELDS;
  const form = await readUploadForm(request, {
    maxImageBytes: options.maxImageBytes,
    textFields: [field],
    expected: `a text field "${field}" (the product as JSON) and a file field "${image}"`,
  });
  const body: Record<string, unknown> = { image: form.image };
  if (form.fields[field] !== undefined) body.product = parseJsonField(field, form.fields[field]);
  request.body = body;
  await refuseUnstorableText(request);
}

function parseJsonField(name: string, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    throw validationFailed(`The field "${name}" is not valid JSON`, [
      { path: `body.${name}`, message: 'is not valid JSON' },
    ]);
  }
}
