import { randomUUID } from 'node:crypto';
import { Type, type TSchema } from '@sinclair/typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import { createServer, type App } from './server.js';
import { assertInputSchemas } from './validation.js';

const strict = <T extends Record<string, TSchema>>(properties: T) =>
  Type.Object(properties, { additionalProperties: false });

describe('input schema bounds', () => {
  const register = (schema: Record<string, unknown>) => () =>
    assertInputSchemas('POST', '/things', schema);

  it('when a string, number or array has no upper bound, at any depth or part, then the route is refused', () => {
    expect(register({ body: strict({ name: Type.String() }) })).toThrow(
      'POST /things: body.name must set maxLength',
    );
    expect(register({ querystring: strict({ price: Type.Integer({ minimum: 0 }) }) })).toThrow(
      'querystring.price must set minimum and maximum',
    );
    expect(register({ body: strict({ tags: Type.Array(Type.String({ maxLength: 9 })) }) })).toThrow(
      'body.tags must set maxItems',
    );
    expect(
      register({
        body: strict({ lines: Type.Array(strict({ note: Type.String() }), { maxItems: 5 }) }),
      }),
    ).toThrow('body.lines[].note must set maxLength');
    expect(
      register({
        params: strict({ id: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]) }),
      }),
    ).toThrow('params.id must set maxLength');
    expect(register({ headers: Type.Object({ 'idempotency-key': Type.String() }) })).toThrow(
      'headers.idempotency-key must set maxLength',
    );
  });

  it('when every value is bounded (or an enum, a literal, a boolean), then the route is accepted', () => {
    const body = strict({
      name: Type.String({ maxLength: 80 }),
      quantity: Type.Integer({ minimum: 1, maximum: 99 }),
      sort: Type.Union([Type.Literal('asc'), Type.Literal('desc')]),
      flag: Type.Boolean(),
      tags: Type.Array(Type.String({ maxLength: 9 }), { maxItems: 3 }),
    });
    expect(
      register({ body, response: { 200: Type.Object({ anything: Type.String() }) } }),
    ).not.toThrow();
  });
});

describe('string formats in requests', () => {
  let app: App;

  beforeAll(async () => {
    app = createServer({
      name: 'formats',
      logger: createLogger({ name: 'formats', level: 'silent' }),
    });
    app.get(
      '/orders/:id',
      {
        schema: {
          params: strict({ id: Type.String({ format: 'uuid', maxLength: 36 }) }),
          querystring: strict({
            from: Type.Optional(Type.String({ format: 'date-time', maxLength: 35 })),
            day: Type.Optional(Type.String({ format: 'date', maxLength: 10 })),
          }),
        },
      },
      async (request) => ({ id: request.params.id, from: request.query.from }),
    );
    await app.ready();
  });
  afterAll(() => app.close());

  it('when an id or a timestamp is canonical, then it is accepted', async () => {
    const id = randomUUID();
    const response = await app.inject({
      url: `/orders/${id}?from=2026-03-01T10:00:00%2B05:30&day=2024-02-29`,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ id, from: '2026-03-01T10:00:00+05:30' });
  });

  it('when an id is a urn:uuid, braced or too long, then it is a 400 problem, not a database error', async () => {
    const id = randomUUID();
    for (const odd of [`urn:uuid:${id}`, `%7B${id}%7D`, `${id}0`]) {
      const response = await app.inject({ url: `/orders/${odd}` });
      expect(response.statusCode, odd).toBe(400);
      expect(response.json().code).toBe('validation_failed');
    }
  });

  it('when a timestamp has a leap second, a +05 offset, year 0 or an impossible day, then it is a 400 problem', async () => {
    for (const query of [
      'from=2016-12-31T23:59:60Z',
      'from=2026-03-01T10:00:00%2B05',
      'from=2026-03-01T10:00:00%2B0500',
      'from=0000-01-01T00:00:00Z',
      'day=2023-02-29',
      'day=99999-01-01',
    ]) {
      const response = await app.inject({ url: `/orders/${randomUUID()}?${query}` });
      expect(response.statusCode, query).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
    }
  });
});
