import { randomUUID } from 'node:crypto';
import { Type, type TSchema } from '@sinclair/typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import { createServer, type App } from './server.js';

const strict = <T extends Record<string, TSchema>>(properties: T) => Type.Object(properties, { additionalProperties: false });

describe('string formats in requests', () => {
  let app: App;

  beforeAll(async () => {
    app = createServer({ name: 'formats', logger: createLogger({ name: 'formats', level: 'silent' }) });
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
    const response = await app.inject({ url: `/orders/${id}?from=2026-03-01T10:00:00%2B05:30&day=2024-02-29` });
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
    for (const query of ['from=2016-12-31T23:59:60Z', 'from=2026-03-01T10:00:00%2B05', 'from=2026-03-01T10:00:00%2B0500', 'from=0000-01-01T00:00:00Z', 'day=2023-02-29', 'day=99999-01-01']) {
      const response = await app.inject({ url: `/orders/${randomUUID()}?${query}` });
      expect(response.statusCode, query).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
    }
  });
});
