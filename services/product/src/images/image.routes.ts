import multipart from '@fastify/multipart';
import { Type } from '@sinclair/typebox';
import { IdParams, Problem, Product, StrictObject } from '@souk/contracts';
import { AppError, isAppError, validationFailed, type App } from '@souk/platform';
import type { FastifyRequest } from 'fastify';
import type { Catalog } from '../catalog.js';
import { openImage, replaceProductImage } from './image.service.js';
import type { ImageStore } from './image.store.js';

const FIELD = 'image';

export interface ImageRouteOptions {
  maxImageBytes: number;
}

export async function imageRoutes(
  app: App,
  catalog: Catalog,
  store: ImageStore,
  options: ImageRouteOptions,
): Promise<void> {
  // Multipart is accepted by the upload route only: its parser lives in this plugin's scope.
  await app.register(async (scope: App) => {
    await scope.register(multipart, {
      limits: { fileSize: options.maxImageBytes, files: 1, fields: 5, parts: 6 },
    });
    scope.post(
      '/api/products/:id/image',
      {
        onRequest: app.requireAdmin,
        schema: {
          tags: ['products'],
          security: [{ bearer: [] }],
          summary: `Upload the product's image (ADMIN): multipart/form-data, one file field "${FIELD}"`,
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

/**
 * Reads the one part of a multipart request, a file field named "image", refusing anything larger
 * than the limit, and any other part: a text field, a second file, a file under another name.
 */
async function readImageField(request: FastifyRequest, maxBytes: number): Promise<Uint8Array> {
  if (!request.isMultipart()) {
    throw new AppError(
      'unsupported_media_type',
      `Send the image as multipart/form-data in a file field named "${FIELD}"`,
    );
  }
  try {
    let image: Uint8Array | undefined;
    for await (const part of request.parts()) {
      if (part.type === 'file' && part.fieldname === FIELD && image === undefined) {
        image = await part.toBuffer();
        continue;
      }
      if (part.type === 'file') part.file.resume();
      throw validationFailed(
        part.type !== 'file'
          ? `A text field "${part.fieldname}" was sent: send only one file field named "${FIELD}"`
          : part.fieldname !== FIELD
            ? `The file field must be named "${FIELD}", not "${part.fieldname}"`
            : `Send one file only, in a field named "${FIELD}"`,
      );
    }
    if (image === undefined)
      throw validationFailed(`No file: send one file field named "${FIELD}"`);
    return image;
  } catch (error) {
    throw uploadError(error, maxBytes);
  }
}

const LIMIT_MESSAGES: Record<string, string> = {
  FST_PARTS_LIMIT: `Too many parts: send one file field named "${FIELD}"`,
  FST_FILES_LIMIT: `Too many files: send one file field named "${FIELD}"`,
  FST_FIELDS_LIMIT: `Too many fields: send one file field named "${FIELD}"`,
};

/**
 * What went wrong with an upload, as the client's error: @fastify/multipart's limits carry a 413,
 * and busboy's parse errors (a truncated body, a boundary that is missing or not the declared
 * one, a malformed part header) carry no status at all and would otherwise be a 500.
 */
function uploadError(error: unknown, maxBytes: number): AppError {
  if (isAppError(error)) return error;
  const { code, statusCode, message } = error as {
    code?: string;
    statusCode?: number;
    message?: string;
  };
  if (code === 'FST_REQ_FILE_TOO_LARGE')
    return new AppError('payload_too_large', `The image is larger than ${formatBytes(maxBytes)}`);
  if (code !== undefined && LIMIT_MESSAGES[code])
    return new AppError('payload_too_large', LIMIT_MESSAGES[code]);
  if (statusCode !== undefined && statusCode >= 500)
    return new AppError('internal', 'The upload could not be read', { cause: error });
  return validationFailed(
    `The multipart body is malformed (${message ?? 'unreadable'}): send one file field named "${FIELD}"`,
  );
}

function formatBytes(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : `${bytes} bytes`;
}
