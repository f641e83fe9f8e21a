import net from 'node:net';
import { Type } from '@sinclair/typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import { createServer, type App } from './server.js';

const PROBLEM_MEMBERS = ['type', 'title', 'status', 'detail', 'instance', 'code'];

/** Writes raw bytes and resolves with what came back once the server closed the connection. */
function rawExchange(
  port: number,
  request: string,
): Promise<{ status: number; headers: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.end(request));
    let received = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => (received += chunk));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      const [head = '', body = ''] = received.split('\r\n\r\n', 2);
      resolve({ status: Number(head.split(' ')[1]), headers: head.toLowerCase(), body });
    });
    const timer = setTimeout(
      () => reject(new Error(`no answer within 5 s; got ${JSON.stringify(received)}`)),
      5_000,
    );
  });
}

describe('errors raised by Fastify and Node, before any route runs', () => {
  let app: App;
  let port: number;

  beforeAll(async () => {
    app = createServer({
      name: 'edge',
      logger: createLogger({ name: 'edge', level: 'silent' }),
      bodyLimit: 64 * 1024,
    });
    const Thing = Type.Object(
      {
        name: Type.String({ maxLength: 50 }),
        count: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000 })),
      },
      { additionalProperties: false },
    );
    app.post('/things', { schema: { body: Thing } }, async (request) => request.body);
    app.get(
      '/things/:id',
      {
        schema: {
          params: Type.Object(
            { id: Type.String({ maxLength: 36 }) },
            { additionalProperties: false },
          ),
          querystring: Type.Object(
            { page: Type.Optional(Type.Integer({ minimum: 1, maximum: 9 })) },
            { additionalProperties: false },
          ),
        },
      },
      async (request) => request.params,
    );
    const address = new URL(await app.listen({ host: '127.0.0.1', port: 0 }));
    port = Number(address.port);
  });
  afterAll(() => app.close());

  const expectProblem = (status: number, contentType: unknown, body: unknown) => {
    expect(String(contentType)).toContain('application/problem+json');
    expect(Object.keys(body as object)).toEqual(expect.arrayContaining(PROBLEM_MEMBERS));
    expect((body as { status: number }).status).toBe(status);
  };

  it('when the URL has a malformed percent-encoding, then it is a 400 problem', async () => {
    const response = await app.inject({ url: '/things/%E0%A4%A' });
    expect(response.statusCode).toBe(400);
    expectProblem(400, response.headers['content-type'], response.json());
    expect(response.json().code).toBe('validation_failed');
  });

  it('when a path parameter is longer than maxParamLength, then it is a 414 uri_too_long problem', async () => {
    const response = await app.inject({ url: `/things/${'a'.repeat(500)}` });
    expect(response.statusCode).toBe(414);
    expectProblem(414, response.headers['content-type'], response.json());
    expect(response.json().code).toBe('uri_too_long');
  });

  it("when the request is not HTTP at all, then Node's 400 is a problem too", async () => {
    const { status, headers, body } = await rawExchange(port, 'HELLO THERE\r\n\r\n');
    expect(status).toBe(400);
    expectProblem(400, headers, JSON.parse(body));
  });

  it('when the headers are larger than Node accepts, then it is a 431 headers_too_large problem', async () => {
    const { status, headers, body } = await rawExchange(
      port,
      `GET /things/a HTTP/1.1\r\nhost: x\r\nx-big: ${'a'.repeat(40_000)}\r\n\r\n`,
    );
    expect(status).toBe(431);
    expectProblem(431, headers, JSON.parse(body));
    expect(JSON.parse(body)).toMatchObject({ code: 'headers_too_large', instance: '/things/a' });
  });

  it('when the body is over the limit, then it is a 413 problem', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/things',
      payload: { name: 'x'.repeat(70 * 1024) },
    });
    expect(response.statusCode).toBe(413);
    expectProblem(413, response.headers['content-type'], response.json());
  });

  it('when the body is odd in any of the usual ways, then the answer is a 4xx problem or a success, never a 5xx', async () => {
    const json = { 'content-type': 'application/json' };
    const cases: Array<{
      what: string;
      method?: 'GET' | 'POST';
      url?: string;
      headers?: Record<string, string>;
      payload?: string;
    }> = [
      {
        what: 'form-encoded',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'name=x',
      },
      {
        what: 'multipart on a JSON route',
        headers: { 'content-type': 'multipart/form-data; boundary=b' },
        payload: '--b\r\ncontent-disposition: form-data; name="name"\r\n\r\nx\r\n--b--\r\n',
      },
      {
        what: 'JSON declared latin1',
        headers: { 'content-type': 'application/json; charset=latin1' },
        payload: '{"name":"x"}',
      },
      { what: 'no content type', headers: {}, payload: '{"name":"x"}' },
      {
        what: 'deep nesting',
        headers: json,
        payload: `${'['.repeat(30_000)}${']'.repeat(30_000)}`,
      },
      {
        what: '__proto__ key',
        headers: json,
        payload: '{"name":"x","__proto__":{"isAdmin":true}}',
      },
      {
        what: 'constructor key',
        headers: json,
        payload: '{"name":"x","constructor":{"prototype":{"isAdmin":true}}}',
      },
      { what: '1e400', headers: json, payload: '{"name":"x","count":1e400}' },
      { what: '2^63', headers: json, payload: '{"name":"x","count":9223372036854775808}' },
      { what: '-0', headers: json, payload: '{"name":"x","count":-0}' },
      { what: 'empty body', headers: json, payload: '' },
      { what: 'an array for a scalar', headers: json, payload: '{"name":["x"]}' },
      {
        what: 'a JSON body on a GET',
        method: 'GET',
        url: '/things/a',
        headers: json,
        payload: '{"name":"x"}',
      },
      { what: 'duplicate query keys', method: 'GET', url: '/things/a?page=1&page=2' },
      { what: 'an object in the query', method: 'GET', url: '/things/a?page[x]=1' },
    ];
    for (const { what, method = 'POST', url = '/things', headers, payload } of cases) {
      const response = await app.inject({ method, url, headers, payload });
      expect(response.statusCode, what).toBeLessThan(500);
      if (response.statusCode >= 400)
        expectProblem(response.statusCode, response.headers['content-type'], response.json());
    }
  });

  it('when a JSON body declares a charset other than UTF-8, then it is a 415 problem', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/things',
      headers: { 'content-type': 'application/json; charset=iso-8859-1' },
      payload: '{"name":"F\xe8s"}',
    });
    expect(response.statusCode).toBe(415);
    const utf8 = await app.inject({
      method: 'POST',
      url: '/things',
      headers: { 'content-type': 'application/json; charset=UTF-8' },
      payload: '{"name":"Fès"}',
    });
    expect(utf8.statusCode).toBe(200);
  });
});
