import { readdir } from 'node:fs/promises';
import { IMAGE_MAX_BYTES } from '@souk/contracts';
import { createDatabase, createLogger, type Database } from '@souk/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProductDatabase } from '../src/db/schema.js';
import { createCategory, startProductService, tinyPng, type TestService } from './helpers.js';

const BOUNDARY = 'souk-product-form';

/** A multipart body: each part a text field (string) or a file ({filename, type, content}). */
function form(parts: Record<string, string | { filename: string; type: string; content: Buffer }>) {
  const chunks = Object.entries(parts).map(([name, value]) =>
    typeof value === 'string'
      ? Buffer.from(
          `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
        )
      : Buffer.concat([
          Buffer.from(
            `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"; filename="${value.filename}"\r\nContent-Type: ${value.type}\r\n\r\n`,
          ),
          value.content,
          Buffer.from('\r\n'),
        ]),
  );
  return {
    payload: Buffer.concat([...chunks, Buffer.from(`--${BOUNDARY}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
  };
}

describe('a product created with its image in one request', () => {
  let service: TestService;
  let database: Database<ProductDatabase>;
  let categoryId: string;

  beforeAll(async () => {
    service = await startProductService('product-with-image');
    database = createDatabase<ProductDatabase>({
      url: service.database.url,
      poolMax: 1,
      logger: createLogger({ name: 'product-test', level: 'silent' }),
    });
    categoryId = await createCategory(service, 'Lanterns');
  });
  afterAll(async () => {
    await database?.close();
    await service?.close();
  });

  const productJson = (name: string, overrides: Record<string, unknown> = {}) =>
    JSON.stringify({
      name,
      description: `${name}, hand made.`,
      price: 45000,
      stock: 3,
      categoryId,
      ...overrides,
    });
  const create = (body: ReturnType<typeof form>) =>
    service.asAdmin({
      method: 'POST',
      url: '/api/products',
      payload: body.payload,
      headers: body.headers,
    });
  const png = (content = tinyPng()) => ({ filename: 'lantern.png', type: 'image/png', content });
  const rowsNamed = (name: string) =>
    database.db.selectFrom('products').select('id').where('name', '=', name).execute();
  const storedFiles = () => readdir(service.config.UPLOAD_DIR);

  it('when the product and a PNG come in one form, then the product is created with that image in one call', async () => {
    const image = tinyPng();
    const response = await create(
      form({ product: productJson('Copper lantern'), image: png(image) }),
    );
    expect(response.statusCode, response.body).toBe(201);
    const product = response.json();
    expect(product).toMatchObject({
      name: 'Copper lantern',
      price: 45000,
      stock: 3,
      categoryId,
      currency: 'MAD',
      imageUrl: expect.stringMatching(/^\/api\/images\/[0-9a-f]{32}\.png$/),
    });
    const served = await service.app.inject({ method: 'GET', url: product.imageUrl });
    expect(served.statusCode).toBe(200);
    expect(served.rawPayload.equals(image)).toBe(true);
    expect(await rowsNamed('Copper lantern')).toHaveLength(1);
    const created = await service.waitForEvent(
      'product.created',
      (data) => data.product.id === product.id,
    );
    expect(created).toMatchObject({ data: { product: { imageUrl: product.imageUrl } } });
  });

  it('when the image is refused (not an image, too large) or missing, then it is a 4xx, and no product row and no file are left', async () => {
    const before = await storedFiles();
    const cases: Array<[string, ReturnType<typeof form>, number, string]> = [
      [
        'Text lantern',
        form({
          product: productJson('Text lantern'),
          image: png(Buffer.from('not an image at all, whatever the name says')),
        }),
        415,
        'unsupported_media_type',
      ],
      [
        'Huge lantern',
        form({
          product: productJson('Huge lantern'),
          image: png(Buffer.concat([tinyPng(), Buffer.alloc(IMAGE_MAX_BYTES)])),
        }),
        413,
        'payload_too_large',
      ],
      [
        'SVG lantern',
        form({
          product: productJson('SVG lantern'),
          image: {
            filename: 'a.svg',
            type: 'image/svg+xml',
            content: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'),
          },
        }),
        415,
        'unsupported_media_type',
      ],
      ['Bare lantern', form({ product: productJson('Bare lantern') }), 400, 'validation_failed'],
    ];
    for (const [name, body, status, code] of cases) {
      const response = await create(body);
      expect(response.statusCode, `${name}: ${response.body}`).toBe(status);
      expect(response.json(), name).toMatchObject({ code });
      expect(await rowsNamed(name), name).toEqual([]);
    }
    expect(await storedFiles()).toEqual(before);
  });

  it('when no body at all is sent, then it is a 400 problem, not a crash', async () => {
    const before = await storedFiles();
    const reply = await service.asAdmin({ method: 'POST', url: '/api/products' });
    expect(reply.statusCode).toBe(400);
    expect(reply.json()).toMatchObject({ code: 'validation_failed' });
    expect(await storedFiles()).toEqual(before);
  });

  it('when the product is refused with a good image (unknown category, bad fields, bad JSON), then it is a 400 and the image is not kept', async () => {
    const before = await storedFiles();
    const cases: Array<[string, ReturnType<typeof form>, string]> = [
      [
        'unknown category',
        form({
          product: productJson('Lost lantern', {
            categoryId: '00000000-0000-4000-8000-000000000000',
          }),
          image: png(),
        }),
        'body.categoryId',
      ],
      [
        'negative price',
        form({ product: productJson('Cheap lantern', { price: -1 }), image: png() }),
        'body.product.price',
      ],
      [
        'unknown key',
        form({ product: productJson('Odd lantern', { id: 'x' }), image: png() }),
        'body.product.id',
      ],
      ['not JSON', form({ product: '{name: lantern', image: png() }), 'body.product'],
      ['no product field', form({ image: png() }), 'body.product'],
      [
        'another field',
        form({ product: productJson('Noted lantern'), note: 'hi', image: png() }),
        '',
      ],
    ];
    for (const [what, body, path] of cases) {
      const response = await create(body);
      expect(response.statusCode, `${what}: ${response.body}`).toBe(400);
      if (path)
        expect(response.json().errors, what).toContainEqual(expect.objectContaining({ path }));
    }
    for (const name of ['Lost lantern', 'Cheap lantern', 'Odd lantern', 'Noted lantern'])
      expect(await rowsNamed(name), name).toEqual([]);
    expect(await storedFiles()).toEqual(before);
  });

  it('when the product text holds a NUL character, then it is a 400 before the database', async () => {
    const response = await create(
      form({ product: productJson('Nul\u0000 lantern'), image: png() }),
    );
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().errors).toContainEqual(
      expect.objectContaining({ path: 'body.product.name' }),
    );
  });

  it('when a client sends the form without the admin role, then it is refused before the body is read', async () => {
    const body = form({ product: productJson('Client lantern'), image: png() });
    const response = await service.app.inject({
      method: 'POST',
      url: '/api/products',
      payload: body.payload,
      headers: { ...body.headers, authorization: `Bearer ${service.clientToken}` },
    });
    expect(response.statusCode).toBe(403);
    expect(await rowsNamed('Client lantern')).toEqual([]);
  });

  it('when the OpenAPI document is read, then POST /api/products shows both the JSON body and the form', async () => {
    const document = (await service.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const content = document.paths['/api/products'].post.requestBody.content;
    expect(Object.keys(content).sort()).toEqual(['application/json', 'multipart/form-data']);
    expect(Object.keys(content['multipart/form-data'].schema.properties)).toEqual([
      'product',
      'image',
    ]);
  });
});
