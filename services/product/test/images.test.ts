import { readdir } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMAGE_MAX_BYTES } from '@souk/contracts';
import {
  createCategory,
  createProduct,
  multipartBody,
  startProductService,
  tinyPng,
  type TestService,
} from './helpers.js';

describe('product images', () => {
  let service: TestService;
  let categoryId: string;

  beforeAll(async () => {
    service = await startProductService('images');
    categoryId = await createCategory(service, 'Decor');
  });
  afterAll(() => service?.close());

  const upload = (
    productId: string,
    body: ReturnType<typeof multipartBody>,
    token = service.adminToken,
  ) =>
    service.app.inject({
      method: 'POST',
      url: `/api/products/${productId}/image`,
      payload: body.payload,
      headers: { ...body.headers, authorization: `Bearer ${token}` },
    });
  const uploadedFiles = () => readdir(service.config.UPLOAD_DIR);

  it('when an admin uploads a PNG, then the product gets an image URL that serves those bytes', async () => {
    const product = await createProduct(service, { name: 'Lantern', price: 45000, categoryId });
    const png = tinyPng();
    const response = await upload(
      product.id,
      multipartBody('image', 'lantern.png', 'image/png', png),
    );
    expect(response.statusCode, response.body).toBe(200);
    const updated = response.json();
    expect(updated).toEqual({
      ...product,
      imageUrl: expect.stringMatching(/^\/api\/images\/[0-9a-f]{32}\.png$/),
    });
    expect(
      (await service.app.inject({ method: 'GET', url: `/api/products/${product.id}` })).json()
        .imageUrl,
    ).toBe(updated.imageUrl);

    const image = await service.app.inject({ method: 'GET', url: updated.imageUrl });
    expect(image.statusCode).toBe(200);
    expect(image.headers['content-type']).toBe('image/png');
    expect(image.headers['x-content-type-options']).toBe('nosniff');
    expect(image.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(image.rawPayload.equals(png)).toBe(true);
  });

  it('when the client claims another type, then the type still comes from the bytes', async () => {
    const product = await createProduct(service, { name: 'Rug', price: 390000, categoryId });
    const gif = Buffer.concat([Buffer.from('GIF89a'), Buffer.from([1, 0, 1, 0, 0, 0, 0, 0x3b])]);
    const response = await upload(product.id, multipartBody('image', 'rug.txt', 'text/plain', gif));
    expect(response.statusCode).toBe(200);
    const url: string = response.json().imageUrl;
    expect(url).toMatch(/\.gif$/);
    expect((await service.app.inject({ method: 'GET', url })).headers['content-type']).toBe(
      'image/gif',
    );
  });

  it('when a new image replaces the old one, then the old file is removed and its URL is a 404', async () => {
    const product = await createProduct(service, { name: 'Mirror', price: 85000, categoryId });
    const first = (
      await upload(product.id, multipartBody('image', 'a.png', 'image/png', tinyPng()))
    ).json().imageUrl as string;
    const second = (
      await upload(product.id, multipartBody('image', 'b.png', 'image/png', tinyPng()))
    ).json().imageUrl as string;
    expect(second).not.toBe(first);
    expect((await service.app.inject({ method: 'GET', url: first })).statusCode).toBe(404);
    expect((await service.app.inject({ method: 'GET', url: second })).statusCode).toBe(200);
    const files = await uploadedFiles();
    expect(files).toContain(second.split('/').pop());
    expect(files).not.toContain(first.split('/').pop());
  });

  it('when a product is deleted, then its uploaded image goes too', async () => {
    const product = await createProduct(service, { name: 'Cushion', price: 15000, categoryId });
    const url = (
      await upload(product.id, multipartBody('image', 'c.png', 'image/png', tinyPng()))
    ).json().imageUrl as string;
    expect(
      (await service.asAdmin({ method: 'DELETE', url: `/api/products/${product.id}` })).statusCode,
    ).toBe(204);
    expect((await service.app.inject({ method: 'GET', url })).statusCode).toBe(404);
    expect(await uploadedFiles()).not.toContain(url.split('/').pop());
  });

  it('when the file is text renamed .png, or an SVG, then it is a 415 and nothing is stored', async () => {
    const product = await createProduct(service, { name: 'Basket', price: 13000, categoryId });
    const before = await uploadedFiles();
    const text = await upload(
      product.id,
      multipartBody('image', 'photo.png', 'image/png', Buffer.from('definitely not a picture\n')),
    );
    expect(text.statusCode).toBe(415);
    expect(text.headers['content-type']).toContain('application/problem+json');
    expect(text.json()).toMatchObject({
      code: 'unsupported_media_type',
      detail: 'The file is not a JPEG, PNG, WebP or GIF image',
    });
    const svg = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    );
    expect(
      (await upload(product.id, multipartBody('image', 'x.svg', 'image/svg+xml', svg))).statusCode,
    ).toBe(415);
    expect(await uploadedFiles()).toEqual(before);
    expect(
      (await service.app.inject({ method: 'GET', url: `/api/products/${product.id}` })).json()
        .imageUrl,
    ).toBeNull();
  });

  it('when the file is larger than IMAGE_MAX_BYTES, then it is a 413 and nothing is stored', async () => {
    const product = await createProduct(service, { name: 'Pouf', price: 69000, categoryId });
    const before = await uploadedFiles();
    const oversize = Buffer.concat([tinyPng(), Buffer.alloc(IMAGE_MAX_BYTES)]);
    const response = await upload(
      product.id,
      multipartBody('image', 'big.png', 'image/png', oversize),
    );
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({
      code: 'payload_too_large',
      detail: 'The image is larger than 5 MiB',
    });
    expect(await uploadedFiles()).toEqual(before);
  });

  it('when the file is just under IMAGE_MAX_BYTES, then it is accepted whole', async () => {
    const product = await createProduct(service, { name: 'Big rug', price: 390000, categoryId });
    const png = tinyPng();
    const large = Buffer.concat([png, Buffer.alloc(IMAGE_MAX_BYTES - png.length)]);
    const response = await upload(
      product.id,
      multipartBody('image', 'big.png', 'image/png', large),
    );
    expect(response.statusCode).toBe(200);
    const image = await service.app.inject({ method: 'GET', url: response.json().imageUrl });
    expect(image.rawPayload.length).toBe(IMAGE_MAX_BYTES);
  });

  it('when the request is not a proper upload, then it is a 4xx problem', async () => {
    const product = await createProduct(service, { name: 'Candle', price: 11000, categoryId });
    const json = await service.asAdmin({
      method: 'POST',
      url: `/api/products/${product.id}/image`,
      payload: { image: 'x' },
    });
    expect(json.statusCode).toBe(415);
    const wrongField = await upload(
      product.id,
      multipartBody('photo', 'a.png', 'image/png', tinyPng()),
    );
    expect(wrongField.statusCode).toBe(400);
    expect(wrongField.json().detail).toBe('The file field must be named "image", not "photo"');
    const missing = await upload(
      randomUUID(),
      multipartBody('image', 'a.png', 'image/png', tinyPng()),
    );
    expect(missing.statusCode).toBe(404);
  });

  it('when nobody or a client uploads, then it is 401 or 403', async () => {
    const product = await createProduct(service, { name: 'Tray', price: 38000, categoryId });
    const body = multipartBody('image', 'a.png', 'image/png', tinyPng());
    const anonymous = await service.app.inject({
      method: 'POST',
      url: `/api/products/${product.id}/image`,
      payload: body.payload,
      headers: body.headers,
    });
    expect(anonymous.statusCode).toBe(401);
    expect((await upload(product.id, body, service.clientToken)).statusCode).toBe(403);
  });

  it('when a file name tries to leave the image folders or does not exist, then it is a 404', async () => {
    for (const path of [
      '/api/images/..%2F..%2Fpackage.json',
      '/api/images/%2e%2e%2f%2e%2e%2fpackage.json',
      '/api/images/..%5C..%5Cpackage.json',
      '/api/images/../../package.json',
      '/api/images/demo-..%2F..%2Fsrc%2Fapp.ts',
      '/api/images/package.json',
      '/api/images/.env',
      '/api/images/0123456789abcdef0123456789abcdef.png',
      '/api/images/demo-does-not-exist.svg',
      `/api/images/demo-${'a'.repeat(90)}.svg`,
    ]) {
      const response = await service.app.inject({ method: 'GET', url: path });
      expect(response.statusCode, path).toBe(404);
      expect(response.headers['content-type'], path).toContain('application/problem+json');
    }
  });
});
