import { readdir } from 'node:fs/promises';
import { IMAGE_MAX_BYTES } from '@souk/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createCategory,
  createProduct,
  multipartBody,
  startProductService,
  tinyPng,
  type TestService,
} from './helpers.js';

const BOUNDARY = 'souk-test-boundary';
const MULTIPART = { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` };
const END = `--${BOUNDARY}--\r\n`;

function part(name: string, content: string | Buffer, filename?: string): Buffer {
  const disposition = `form-data; name="${name}"${filename ? `; filename="${filename}"` : ''}`;
  return Buffer.concat([
    Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: ${disposition}\r\n\r\n`),
    Buffer.from(content),
    Buffer.from('\r\n'),
  ]);
}

describe('malformed image uploads', () => {
  let service: TestService;
  let productId: string;

  beforeAll(async () => {
    service = await startProductService('image-upload-errors');
    productId = (
      await createProduct(service, {
        name: 'Lantern',
        price: 45000,
        categoryId: await createCategory(service, 'Decor'),
      })
    ).id;
  });
  afterAll(() => service?.close());

  const upload = (headers: Record<string, string>, payload: Buffer | string) =>
    service.app.inject({
      method: 'POST',
      url: `/api/products/${productId}/image`,
      headers: { ...headers, authorization: `Bearer ${service.adminToken}` },
      payload,
    });

  it('when the multipart body is broken, refers to another boundary or carries anything but one image file, then it is a 4xx problem and nothing is stored', async () => {
    const good = multipartBody('image', 'a.png', 'image/png', tinyPng());
    const cases: Array<[string, Record<string, string>, Buffer | string, number]> = [
      [
        'truncated in the file',
        good.headers,
        good.payload.subarray(0, good.payload.length - 20),
        400,
      ],
      ['truncated in the part headers', good.headers, good.payload.subarray(0, 30), 400],
      [
        'another boundary than declared',
        { 'content-type': 'multipart/form-data; boundary=not-this-one' },
        good.payload,
        400,
      ],
      ['no boundary declared', { 'content-type': 'multipart/form-data' }, good.payload, 400],
      ['not multipart at all', MULTIPART, 'garbage, not a form', 400],
      ['no part', MULTIPART, END, 400],
      [
        'a text field instead of the file',
        MULTIPART,
        Buffer.concat([part('image', 'not a file'), Buffer.from(END)]),
        400,
      ],
      [
        'a text field before the file',
        MULTIPART,
        Buffer.concat([part('note', 'hi'), part('image', tinyPng(), 'a.png'), Buffer.from(END)]),
        400,
      ],
      [
        'the file under another name',
        MULTIPART,
        Buffer.concat([part('photo', tinyPng(), 'a.png'), Buffer.from(END)]),
        400,
      ],
      [
        'two files',
        MULTIPART,
        Buffer.concat([
          part('image', tinyPng(), 'a.png'),
          part('image', tinyPng(), 'b.png'),
          Buffer.from(END),
        ]),
        413,
      ],
      [
        'too many fields',
        MULTIPART,
        Buffer.concat([
          ...Array.from({ length: 12 }, (_, i) => part(`f${i}`, 'x')),
          Buffer.from(END),
        ]),
        400,
      ],
      [
        'a __proto__ field',
        MULTIPART,
        Buffer.concat([part('__proto__', 'x'), Buffer.from(END)]),
        400,
      ],
      [
        'a file over IMAGE_MAX_BYTES',
        MULTIPART,
        Buffer.concat([
          part('image', Buffer.concat([tinyPng(), Buffer.alloc(IMAGE_MAX_BYTES)]), 'a.png'),
          Buffer.from(END),
        ]),
        413,
      ],
    ];
    const before = await readdir(service.config.UPLOAD_DIR);
    for (const [what, headers, payload, status] of cases) {
      const response = await upload(headers, payload);
      expect(response.statusCode, `${what}: ${response.body}`).toBe(status);
      expect(response.headers['content-type'], what).toContain('application/problem+json');
    }
    expect(await readdir(service.config.UPLOAD_DIR)).toEqual(before);
    expect(
      (await service.app.inject({ url: `/api/products/${productId}` })).json().imageUrl,
    ).toBeNull();
  });

  it('when the body is cut off, then the problem says the multipart body is malformed', async () => {
    const good = multipartBody('image', 'a.png', 'image/png', tinyPng());
    const response = await upload(good.headers, good.payload.subarray(0, good.payload.length - 20));
    expect(response.json()).toMatchObject({
      code: 'validation_failed',
      detail: expect.stringContaining('The multipart body is malformed'),
    });
  });

  it('when a proper upload follows the broken ones, then it is stored', async () => {
    const good = multipartBody('image', 'a.png', 'image/png', tinyPng());
    expect((await upload(good.headers, good.payload)).statusCode).toBe(200);
  });
});
