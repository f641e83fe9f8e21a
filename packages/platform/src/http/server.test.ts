import http from 'node:http';
import net from 'node:net';
import { Type } from '@sinclair/typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { createLogger } from '../logger.js';
import { currentTraceId, startTracing } from '../tracing.js';
import { isDraining, onDrain, startDraining } from './draining.js';
import { createServer, type App } from './server.js';

const Item = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 5000 }),
    quantity: Type.Integer({ minimum: 1, maximum: 99 }),
    address: Type.Optional(
      Type.Object(
        {
          city: Type.String({ maxLength: 100 }),
          country: Type.Optional(
            Type.String({
              pattern: '^(?:MA|FR)$',
              maxLength: 2,
              description: 'a country code (MA or FR)',
            }),
          ),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

describe('createServer', () => {
  let app: App;
  let ready = true;
  let brokerUp = true;

  beforeAll(async () => {
    await startTracing({ serviceName: 'server-test' });
    app = createServer({
      name: 'test',
      logger: createLogger({ name: 'test', level: 'silent' }),
      bodyLimit: 1024,
      readiness: [
        {
          name: 'db',
          check: async () => {
            if (!ready) throw new Error('db down');
          },
        },
        {
          name: 'broker',
          required: false,
          check: async () => {
            if (!brokerUp) throw new Error('broker unreachable');
          },
        },
      ],
    });
    app.post('/items', { schema: { body: Item } }, async (request, reply) =>
      reply.status(201).send(request.body),
    );
    app.post('/trace', { schema: { body: Item } }, async () => ({ traceId: currentTraceId() }));
    app.get('/trace', async () => ({ traceId: currentTraceId() }));
    app.get(
      '/items',
      {
        schema: {
          querystring: Type.Object(
            { pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 20 }) },
            { additionalProperties: false },
          ),
        },
      },
      async (request) => ({ pageSize: request.query.pageSize }),
    );
    app.get('/conflict', async () => {
      throw new AppError('conflict', 'already there', { extensions: { id: 'x' } });
    });
    app.get('/boom', async () => {
      throw new Error('secret internals');
    });
    await app.ready();
  });
  afterAll(() => app.close());

  it('when the body is valid, then the handler gets it', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/items',
      payload: { name: 'tea', quantity: 2 },
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({ name: 'tea', quantity: 2 });
  });

  it('when the body has an unknown key, even nested, then it is a 400 problem naming the key', async () => {
    const top = await app.inject({
      method: 'POST',
      url: '/items',
      payload: { name: 'tea', quantity: 2, price: 1 },
    });
    expect(top.statusCode).toBe(400);
    expect(top.headers['content-type']).toContain('application/problem+json');
    expect(top.json()).toMatchObject({
      status: 400,
      code: 'validation_failed',
      errors: [{ path: 'body.price', message: 'is not allowed' }],
    });
    const nested = await app.inject({
      method: 'POST',
      url: '/items',
      payload: { name: 'tea', quantity: 2, address: { city: 'Fès', role: 'ADMIN' } },
    });
    expect(nested.statusCode).toBe(400);
  });

  it('when a value does not match its pattern, then the problem says what the field should be, from its description', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/items',
      payload: { name: 'tea', quantity: 2, address: { city: 'Fès', country: 'XX' } },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([
      { path: 'body.address.country', message: 'must be: a country code (MA or FR)' },
    ]);
  });

  it('when a body number is sent as a string, then it is refused, not coerced', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/items',
      payload: { name: 'tea', quantity: '2' },
    });
    expect(response.statusCode).toBe(400);
  });

  it('when the query asks for too large a page, then it is a 400 and query numbers are coerced', async () => {
    expect((await app.inject({ url: '/items?pageSize=10000' })).statusCode).toBe(400);
    expect((await app.inject({ url: '/items?pageSize=50' })).json()).toEqual({ pageSize: 50 });
  });

  it('when the body is too large, broken or not JSON, then it is a 4xx problem', async () => {
    const big = await app.inject({
      method: 'POST',
      url: '/items',
      payload: { name: 'x'.repeat(5000), quantity: 1 },
    });
    expect(big.statusCode).toBe(413);
    expect(big.json().code).toBe('payload_too_large');
    const broken = await app.inject({
      method: 'POST',
      url: '/items',
      headers: { 'content-type': 'application/json' },
      payload: '{"name":',
    });
    expect(broken.statusCode).toBe(400);
    const text = await app.inject({
      method: 'POST',
      url: '/items',
      headers: { 'content-type': 'text/plain' },
      payload: 'hi',
    });
    expect(text.statusCode).toBe(415);
  });

  it('when a use case throws an AppError, then its code, status and extensions reach the client', async () => {
    const response = await app.inject({ url: '/conflict' });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({
      code: 'conflict',
      detail: 'already there',
      id: 'x',
      instance: '/conflict',
      type: 'urn:souk:problem:conflict',
    });
  });

  it('when something unexpected fails, then the client gets a 500 without internals', async () => {
    const response = await app.inject({ url: '/boom' });
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('secret');
    expect(response.json().code).toBe('internal');
  });

  it('when a route does not exist, then it is a 404 problem', async () => {
    const response = await app.inject({ url: '/nope' });
    expect(response.statusCode).toBe(404);
    expect(response.json().code).toBe('not_found');
  });

  it('when a dependency is down, then readiness is 503 while liveness stays 200', async () => {
    expect((await app.inject({ url: '/health/ready' })).statusCode).toBe(200);
    ready = false;
    const response = await app.inject({ url: '/health/ready' });
    expect(response.statusCode).toBe(503);
    expect(response.json().checks.db).toBe('db down');
    expect((await app.inject({ url: '/health/live' })).statusCode).toBe(200);
    ready = true;
  });

  it('when a dependency it can serve without is down, then readiness stays 200, says degraded and names it', async () => {
    brokerUp = false;
    try {
      const response = await app.inject({ url: '/health/ready' });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({
        status: 'degraded',
        checks: { db: 'ok', broker: 'broker unreachable' },
      });
      ready = false;
      const both = await app.inject({ url: '/health/ready' });
      expect(both.statusCode).toBe(503);
      expect(both.json().status).toBe('unavailable');
    } finally {
      brokerUp = true;
      ready = true;
    }
    expect((await app.inject({ url: '/health/ready' })).json()).toEqual({
      status: 'ok',
      checks: { db: 'ok', broker: 'ok' },
    });
  });

  it("continues the caller's trace in the handler, also after a body was read", async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const headers = { traceparent: `00-${traceId}-00f067aa0ba902b7-01` };
    const server = await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      // The body arrives in two parts, the second well after the request began.
      const body = JSON.stringify({ name: 'tea', quantity: 1 });
      const reply = await new Promise<string>((resolve, reject) => {
        const request = http.request(
          `${server}/trace`,
          {
            method: 'POST',
            headers: {
              ...headers,
              'content-type': 'application/json',
              'content-length': body.length,
            },
          },
          (response) => {
            let text = '';
            response
              .setEncoding('utf8')
              .on('data', (chunk: string) => (text += chunk))
              .on('end', () => resolve(text));
          },
        );
        request.on('error', reject);
        request.write(body.slice(0, 5));
        setTimeout(() => request.end(body.slice(5)), 50);
      });
      expect(JSON.parse(reply)).toEqual({ traceId });
      expect(await (await fetch(`${server}/trace`, { headers })).json()).toEqual({ traceId });
    } finally {
      await new Promise((resolve) => app.server.close(resolve));
    }
  });

  it('echoes a safe incoming request id and makes one otherwise', async () => {
    expect(
      (await app.inject({ url: '/health/live', headers: { 'x-request-id': 'abc-123' } })).headers[
        'x-request-id'
      ],
    ).toBe('abc-123');
    expect(
      (await app.inject({ url: '/health/live', headers: { 'x-request-id': 'bad id\n' } })).headers[
        'x-request-id'
      ],
    ).not.toBe('bad id\n');
  });

  it('refuses to register a route whose body schema accepts unknown keys or unbounded text', async () => {
    const other = createServer({ name: 'x', logger: createLogger({ name: 'x', level: 'silent' }) });
    expect(() =>
      other.post(
        '/open',
        { schema: { body: Type.Object({ a: Type.String({ maxLength: 9 }) }) } },
        async () => 'ok',
      ),
    ).toThrow(/additionalProperties/);
    expect(() =>
      other.post(
        '/unbounded',
        { schema: { body: Type.Object({ a: Type.String() }, { additionalProperties: false }) } },
        async () => 'ok',
      ),
    ).toThrow(/maxLength/);
    await other.close();
  });
});

describe('slow clients', () => {
  let app: App;
  let url: URL;

  beforeAll(async () => {
    app = createServer({
      name: 'slow',
      logger: createLogger({ name: 'slow', level: 'silent' }),
      requestTimeoutMs: 1_500,
      headersTimeoutMs: 1_000,
    });
    app.post('/items', { schema: { body: Item } }, async (request) => request.body);
    url = new URL(await app.listen({ host: '127.0.0.1', port: 0 }));
  });
  afterAll(() => app.close());

  /** Sends `parts` one by one, `gapMs` apart, and resolves with when the server closed the socket. */
  function trickle(
    parts: string[],
    gapMs: number,
  ): Promise<{ closedAfterMs: number; received: string }> {
    return new Promise((resolve, reject) => {
      const startedAt = Date.now();
      const socket = net.connect(Number(url.port), url.hostname);
      let received = '';
      let timer: NodeJS.Timeout | undefined;
      const next = (index: number) => {
        if (index >= parts.length || socket.destroyed) return;
        socket.write(parts[index]!);
        timer = setTimeout(() => next(index + 1), gapMs);
      };
      socket.on('connect', () => next(0));
      socket.on('data', (chunk) => (received += chunk.toString()));
      socket.on('error', () => {});
      socket.on('close', () => {
        clearTimeout(timer);
        resolve({ closedAfterMs: Date.now() - startedAt, received });
      });
      setTimeout(() => reject(new Error('the server kept a slow client for 10 s')), 10_000).unref();
    });
  }

  it('when a client trickles its headers, then the server drops it once the headers timeout passes', async () => {
    const parts = [
      'POST /items HTTP/1.1\r\n',
      ...Array.from({ length: 40 }, (_, i) => `x-pad-${i}: y\r\n`),
    ];
    const { closedAfterMs } = await trickle(parts, 200);
    expect(closedAfterMs).toBeLessThan(4_000);
  });

  it('when a client trickles its body, then the server answers a 408 problem and drops it once the request timeout passes', async () => {
    const head = `POST /items HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n`;
    const { closedAfterMs, received } = await trickle(
      [head, ...Array.from({ length: 60 }, () => ' ')],
      200,
    );
    expect(closedAfterMs).toBeLessThan(5_000);
    expect(received).toMatch(/^HTTP\/1\.1 408/);
    expect(received.toLowerCase()).toContain('content-type: application/problem+json');
    expect(JSON.parse(received.split('\r\n\r\n')[1]!)).toMatchObject({
      status: 408,
      code: 'request_timeout',
    });
  });
});

describe('OpenAPI document', () => {
  it('lists the routes a service adds right after createServer, without waiting for plugins', async () => {
    const app = createServer({
      name: 'docs',
      logger: createLogger({ name: 'docs', level: 'silent' }),
    });
    app.get('/api/things', { schema: { summary: 'List things' } }, async () => []);
    const document = (await app.inject({ url: '/openapi.json' })).json();
    expect(document.paths['/api/things'].get.summary).toBe('List things');
    expect(document.paths['/health/live']).toBeUndefined();
    await app.close();
  });
});

describe('draining before shutdown', () => {
  it('when the app starts draining, then readiness is 503 and replies close their connection, but requests are still served', async () => {
    const app = createServer({
      name: 'drain',
      logger: createLogger({ name: 'drain', level: 'silent' }),
      readiness: [{ name: 'db', check: async () => {} }],
    });
    app.get('/items', async () => ({ items: [] }));
    await app.ready();
    try {
      expect((await app.inject({ url: '/health/ready' })).statusCode).toBe(200);
      expect((await app.inject({ url: '/items' })).headers.connection).not.toBe('close');

      startDraining(app);
      const readiness = await app.inject({ url: '/health/ready' });
      expect(readiness.statusCode).toBe(503);
      expect(readiness.json()).toMatchObject({ status: 'shutting down' });
      const served = await app.inject({ url: '/items' });
      expect(served.statusCode).toBe(200);
      expect(served.headers.connection).toBe('close');
      expect((await app.inject({ url: '/health/live' })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('when a part listens for the drain, then it hears it once, also when it subscribes late', () => {
    const app = createServer({
      name: 'drain',
      logger: createLogger({ name: 'drain', level: 'silent' }),
    });
    const heard: string[] = [];
    onDrain(app, () => heard.push('early'));
    startDraining(app);
    startDraining(app);
    onDrain(app, () => heard.push('late'));
    expect(heard).toEqual(['early', 'late']);
    expect(isDraining(app)).toBe(true);
  });
});
