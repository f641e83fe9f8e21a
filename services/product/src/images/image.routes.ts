import multipart from '@fastify/multipart';
import { Type } from '@sinclair/typebox';
import { IdParams, Problem, Product, StrictObject } from '@souk/contracts';
import { validationFailed, type App } from '@souk/platform';
import type { FastifyRequest } from 'fastify';
import type { Catalog } from '../catalog.js';
import { openImage, replaceProductImage } from './image.service.js';
import { IMAGE_FIELD, readUploadForm, uploadLimits } from './image-upload.js';
import type { ImageStore } from './image.store.js';

export interface ImageRouteOptions {
  maxImageBytes: number;
}

export async function imageRoutes(
  app: App,
  catalog: Catalog,
  store: ImageStore,
  options: ImageRouteOptions,
): Promise<void> {
  // Multipart is accepted by the upload routes only (this one and POST /api/products): its
  // parser lives in this plugin's scope.
  await app.register(async (scope: App) => {
    await scope.register(multipart, { limits: uploadLimits(options.maxImageBytes) });
    scope.post(
      '/api/products/:id/image',
      {
        onRequest: app.requireAdmin,
        schema: {
          tags: ['products'],
          security: [{ bearer: [] }],
          summary: `Upload the product's image (ADMIN): multipart/form-data, one file field "${IMAGE_FIELD}"`,
          description: `JPEG, PNG, WebP or GIF (checked from the file's bytes), at most ${options.maxImageBytes} bytes.`,
          consumes: ['multipart/form-data'],
          params: IdParams,
          response: {
            200: Product,
            400: Problem,
            401: Problem,
            403: Problem,
            404: Problem,
            413: Problem,
            415: Problem,
          },
        },
      },
      async (request) =>
        replaceProductImage(catalog, store, request.params.id, () =>
          readImageField(request, options.maxImageBytes),
        ),
    );
  });

  app.get(
    '/api/images/:file',
    {
      schema: {
        tags: ['images'],
        summary: 'A product image',
        params: StrictObject({ file: Type.String({ maxLength: 200 }) }),
      },
    },
    async (request, reply) => {
      const image = await openImage(store, request.params.file);
      return (
        reply
          .type(image.contentType)
          .header('content-length', image.size)
          .header('x-content-type-options', 'nosniff')
          // SVG can carry scripts and links: an image served alone may run nothing and load nothing.
          .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
          // Upload names are random and never reused; demo files may be regenerated with a release.
          .header(
            'cache-control',
            image.kind === 'upload'
              ? 'public, max-age=31536000, immutable'
              : 'public, max-age=86400',
          )
          .send(image.stream)
      );
    },
  );
}

async function readImageField(request: FastifyRequest, maxImageBytes: number): Promise<Uint8Array> {
  const expected = `only one file field named "${IMAGE_FIELD}"`;
  const { image } = await readUploadForm(request, { maxImageBytes, textFields: [], expected });
  if (image === undefined) throw validationFailed(`No file: send ${expected}`);
  return image;
}
