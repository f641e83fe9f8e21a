import { Type } from '@sinclair/typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import { createServer, type App } from './server.js';
import { findUnstorableText } from './storable-text.js';

const MESSAGE = 'must not contain a NUL character or a lone surrogate';

describe('findUnstorableText', () => {
  it('when strings hold a NUL, a lone high or low surrogate, at any depth or in a key, then each is named by its path', () => {
    const value = {
      name: 'a\u0000b',
      items: [{ note: 'x\ud800' }, 'fine', 'y\udc00'],
      ['k\u0000']: 1,
      ok: '😀 é',
    };
    const issues = findUnstorableText(value, 'body');
    expect(issues).toHaveLength(4);
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: 'body.name', message: MESSAGE },
        { path: 'body.items.0.note', message: MESSAGE },
        { path: 'body.items.2', message: MESSAGE },
        { path: 'body.k\ufffd', message: `(a key) ${MESSAGE}` },
      ]),
    );
  });

  it('when text is well formed (surrogate pairs included), then nothing is reported', () => {
    expect(
      findUnstorableText({ a: ['😀', 'Fès', '\ud83d\ude00'], b: 1, c: null, d: true }, 'body'),
    ).toEqual([]);
  });

  it('when a body nests 50,000 arrays, then the walk neither recurses nor overflows', () => {
    let deep: unknown = ['\u0000'];
    for (let depth = 0; depth < 50_000; depth++) deep = [deep];
    const [issue] = findUnstorableText(deep, 'body');
    expect(issue?.path.startsWith('body.0.0.0')).toBe(true);
  });
});

describe('a server refusing text PostgreSQL cannot store', () => {
  let app: App;

  beforeAll(async () => {
    app = createServer({ name: 'text', logger: createLogger({ name: 'text', level: 'silent' }) });
    const Name = Type.String({ maxLength: 50 });
    app.post(
      '/people/:id',
      {
        schema: {
          params: Type.Object({ id: Name }, { additionalProperties: false }),
          querystring: Type.Object({ q: Type.Optional(Name) }, { additionalProperties: false }),
          body: Type.Object(
            {
              firstName: Name,
              address: Type.Object({ city: Name }, { additionalProperties: false }),
            },
            { additionalProperties: false },
          ),
        },
      },
      async (request) => request.body,
    );
    await app.ready();
  });
  afterAll(() => app.close());

  const body = (firstName: string, city = 'Fès') =>
    JSON.stringify({ firstName, address: { city } });
  const post = (url: string, payload: string) =>
    app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload });

  it('when text is ordinary, then the handler gets it', async () => {
    expect((await post('/people/p1?q=x', body('Salma'))).statusCode).toBe(200);
  });

  it('when a body field holds a NUL or a lone surrogate, then it is a 400 problem naming the field', async () => {
    for (const [payload, path] of [
      [body('Sal\u0000ma'), 'body.firstName'],
      ['{"firstName":"Salma","address":{"city":"F\\ud800s"}}', 'body.address.city'],
      ['{"firstName":"\\udfff","address":{"city":"x"}}', 'body.firstName'],
    ] as const) {
      const response = await post('/people/p1', payload);
      expect(response.statusCode, path).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json()).toMatchObject({
        code: 'validation_failed',
        errors: [{ path, message: MESSAGE }],
      });
    }
  });

  it('when the query or a path parameter holds a NUL, then it is a 400 problem naming it', async () => {
    const query = await post('/people/p1?q=a%00b', body('Salma'));
    expect(query.statusCode).toBe(400);
    expect(query.json().errors).toEqual([{ path: 'querystring.q', message: MESSAGE }]);
    const params = await post('/people/p%00', body('Salma'));
    expect(params.statusCode).toBe(400);
    expect(params.json().errors).toEqual([{ path: 'params.id', message: MESSAGE }]);
  });
});
