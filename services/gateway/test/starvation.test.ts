import type { ServerResponse } from 'node:http';
import { connect, type Socket } from 'node:net';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, type Agent, type Dispatcher } from 'undici';
import { BODY_LIMIT_BYTES } from '@souk/contracts';
import type { App } from '@souk/platform';
import { createTestKeys, type TestKeys } from '@souk/testkit';
import { clientAt, eventually, startGateway, startUpstream, serveTokenKeys } from './support.js';

const MIB = 1024 * 1024;
/** Longest any one call in these tests may take; a starved request fails on it. */
const WAIT_MS = 4_000;
/** How much slower than on an idle gateway another user may be served (the machine is shared). */
const SLACK_MS = 1_000;
/** A stream's head comes at once; a starved one fails sooner than WAIT_MS, or a starved run would take minutes. */
const STREAM_WAIT_MS = 2_000;
const BIG_REPLY_BYTES = 64 * MIB;

interface Stream {
  status: number;
  retryAfter?: string;
  contentType?: string;
  close(): void;
}

interface Trickle {
  socket: Socket;
  /** The status of the gateway's answer, once one arrived. */
  status?: number;
}

describe('one client cannot starve the others', () => {
  let keys: TestKeys;
  let gateway: { app: App; url: string };
  const upstreams: App[] = [];
  const clients: Agent[] = [];
  const serviceStreams = new Set<ServerResponse>();
  let slowArrived = 0;
  let releaseSlow = () => {};
  let slowGate = Promise.resolve();
  let bigReplyFinished = false;
  let victim: Agent;
  let victimToken: string;

  beforeAll(async () => {
    keys = await createTestKeys();
    victimToken = await keys.sign({});
    const auth = await startUpstream(
      'auth',
      (app) => {
        serveTokenKeys(app, () => keys.jwks);
        app.post('/api/auth/login', async () => ({ accessToken: 'a.b.c' }));
      },
      { bodyLimit: BODY_LIMIT_BYTES.auth },
    );
    const order = await startUpstream('order', (app) => {
      app.get('/api/orders', async () => ({ items: [] }));
      app.get('/api/orders/slow', async () => {
        slowArrived++;
        await slowGate;
        return { slow: true };
      });
      app.get('/api/orders/big', (_request, reply) => {
        reply.raw.once('finish', () => (bigReplyFinished = true));
        return reply
          .type('application/octet-stream')
          .header('content-length', BIG_REPLY_BYTES)
          .send(bigBody());
      });
    });
    const notification = await startUpstream('notification', (app) => {
      app.get('/api/notifications', async () => ({ items: [] }));
      app.get('/api/notifications/stream', (_request, reply) => {
        reply.hijack();
        reply.raw.writeHead(200, {
          'content-type': 'text/event-stream',
          'cache-control': 'no-cache',
        });
        reply.raw.flushHeaders();
        serviceStreams.add(reply.raw);
        reply.raw.once('close', () => serviceStreams.delete(reply.raw));
      });
    });
    upstreams.push(auth.app, order.app, notification.app);
    gateway = await startGateway(
      { auth: auth.url, order: order.url, notification: notification.url },
      // Only the caps under test act: no rate limit per minute.
      {
        RATE_LIMIT_MAX: '0',
        LOGIN_RATE_LIMIT_MAX: '100000',
        MAX_REPLY_BYTES: String(2 * BIG_REPLY_BYTES),
      },
    );
    victim = client('127.0.0.3');
  });

  afterAll(async () => {
    for (const stream of serviceStreams) stream.destroy();
    await Promise.all(clients.map((agent) => agent.destroy()));
    await gateway?.app.close();
    await Promise.all(upstreams.map((app) => app.close()));
  });

  function client(address: string): Agent {
    const agent = clientAt(address);
    clients.push(agent);
    return agent;
  }

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  async function timed(
    dispatcher: Dispatcher,
    path: string,
    options: {
      method?: Dispatcher.HttpMethod;
      headers?: Record<string, string>;
      body?: string;
    } = {},
  ) {
    const started = performance.now();
    const response = await request(`${gateway.url}${path}`, {
      dispatcher,
      headersTimeout: WAIT_MS,
      bodyTimeout: WAIT_MS,
      ...options,
    });
    await response.body.dump();
    return { status: response.statusCode, ms: performance.now() - started };
  }

  /** The slowest of three calls on a gateway nobody else is using. */
  async function idleMs(call: () => Promise<{ status: number; ms: number }>): Promise<number> {
    let slowest = 0;
    for (let i = 0; i < 3; i++) {
      const { status, ms } = await call();
      expect(status).toBe(200);
      slowest = Math.max(slowest, ms);
    }
    return slowest;
  }

  async function openStream(dispatcher: Dispatcher, token: string): Promise<Stream> {
    try {
      const response = await request(
        `${gateway.url}/api/notifications/stream?access_token=${token}`,
        { dispatcher, headersTimeout: STREAM_WAIT_MS },
      );
      const stream = { status: response.statusCode, close: () => response.body.destroy() };
      if (response.statusCode === 200) return stream;
      await response.body.dump();
      return {
        ...stream,
        retryAfter: String(response.headers['retry-after']),
        contentType: String(response.headers['content-type']),
      };
    } catch {
      // No answer in time: the request waits for a connection.
      return { status: 0, close: () => {} };
    }
  }

  /** A request whose body never arrives whole: headers and the first bytes, then nothing. */
  function trickle(address: string, path: string): Promise<Trickle> {
    const { port } = new URL(gateway.url);
    return new Promise((resolve, reject) => {
      const socket = connect(
        { host: '127.0.0.1', port: Number(port), localAddress: address },
        () => {
          socket.write(
            `POST ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"email":`,
          );
          resolve(entry);
        },
      );
      const entry: Trickle = { socket };
      socket.once('data', (data) => (entry.status = Number(data.toString('latin1').split(' ')[1])));
      socket.once('error', reject);
    });
  }

  /** Whether one more unfinished request from the address is refused at once. */
  async function isRefused(address: string): Promise<boolean> {
    const probe = await trickle(address, '/api/auth/login');
    await eventually(() => probe.status !== undefined, 500);
    probe.socket.destroy();
    return probe.status === 429;
  }

  it('when IPs and their users hold all the streams they may, then more get a 429 and another user is served at normal speed', async () => {
    const idle = await idleMs(() =>
      timed(victim, '/api/notifications', { headers: bearer(victimToken) }),
    );
    const opened: Stream[] = [];
    /** Each user tries 5 streams, one user after the other. */
    async function attack(dispatcher: Dispatcher, users: string[]): Promise<Stream[]> {
      const refused: Stream[] = [];
      for (const token of users) {
        for (const stream of await Promise.all(
          Array.from({ length: 5 }, () => openStream(dispatcher, token)),
        )) {
          (stream.status === 200 ? opened : refused).push(stream);
        }
      }
      return refused;
    }
    const signUsers = (count: number) =>
      Promise.all(Array.from({ length: count }, () => keys.sign({})));
    const [users, usersB, usersC] = await Promise.all([
      signUsers(26),
      signUsers(10),
      signUsers(10),
    ]);
    const attacker = client('127.0.0.2');
    try {
      // 26 accounts from one IP, 10 from each of two others: 150 streams get through, more than the
      // 128 connections the ordinary requests to one service may use.
      const [refused, refusedB, refusedC] = await Promise.all([
        attack(attacker, users),
        attack(client('127.0.0.8'), usersB),
        attack(client('127.0.0.9'), usersC),
      ]);
      expect(await eventually(() => serviceStreams.size >= 150)).toBe(true);

      const underAttack = await timed(victim, '/api/notifications', {
        headers: bearer(victimToken),
      });
      expect(underAttack.status).toBe(200);
      expect(underAttack.ms).toBeLessThan(idle * 5 + SLACK_MS);
      const own = await openStream(victim, victimToken);
      opened.push(own);
      expect(own.status).toBe(200);

      expect(opened).toHaveLength(151);
      expect(refused).toHaveLength(80);
      expect([...refusedB, ...refusedC]).toEqual([]);
      for (const stream of refused)
        expect(stream).toMatchObject({
          status: 429,
          retryAfter: '30',
          contentType: expect.stringContaining('application/problem+json'),
        });

      // From another IP: the first user is at its own cap, an eleventh user (refused for the IP) is not.
      const elsewhere = client('127.0.0.4');
      expect((await openStream(elsewhere, users[0]!)).status).toBe(429);
      const eleventh = await openStream(elsewhere, users[10]!);
      opened.push(eleventh);
      expect(eleventh.status).toBe(200);

      // A stream that ends gives its share back, to its user and to its IP.
      const openAgain = async (dispatcher: Dispatcher, token: string) => {
        const stream = await openStream(dispatcher, token);
        opened.push(stream);
        return stream.status === 200;
      };
      opened[0]!.close();
      expect(await eventually(() => openAgain(elsewhere, users[0]!))).toBe(true);
      opened[1]!.close();
      expect(await eventually(() => openAgain(attacker, users[20]!))).toBe(true);
    } finally {
      for (const stream of opened) stream.close();
    }
  });

  it('when one IP leaves many login bodies unfinished, then its extra requests get a 429 and another client logs in at normal speed', async () => {
    const login = () =>
      timed(victim, '/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"email":"v@example.com","password":"secret"}',
      });
    const idle = await idleMs(login);
    const unfinished = (address: string, count: number) =>
      Promise.all(Array.from({ length: count }, () => trickle(address, '/api/auth/login')));
    // 140 from one IP, and 32 (the cap) from each of four others: 160 are let in, more than the
    // 128 connections of the pool to the auth service.
    const othersAddresses = ['127.0.0.10', '127.0.0.11', '127.0.0.12', '127.0.0.13'];
    const trickles = await unfinished('127.0.0.5', 140);
    const others = (
      await Promise.all(othersAddresses.map((address) => unfinished(address, 32)))
    ).flat();
    const answered = (entries: Trickle[]) => entries.filter((entry) => entry.status !== undefined);
    try {
      await eventually(() => answered(trickles).length >= 140 - 32, WAIT_MS);
      // One more from each IP is refused once its 32 are held: then all are in.
      for (const address of othersAddresses)
        expect(await eventually(() => isRefused(address), WAIT_MS)).toBe(true);

      const underAttack = await login();
      expect(underAttack.status).toBe(200);
      expect(underAttack.ms).toBeLessThan(idle * 5 + SLACK_MS);
      expect(answered(trickles)).toHaveLength(140 - 32);
      expect(answered(trickles).every((entry) => entry.status === 429)).toBe(true);
      expect(answered(others)).toEqual([]);
    } finally {
      for (const entry of [...trickles, ...others]) entry.socket.destroy();
    }
    // Closed sockets give their shares back.
    const attacker = client('127.0.0.5');
    const loginAgain = async () =>
      (
        await request(`${gateway.url}/api/auth/login`, {
          dispatcher: attacker,
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        })
      ).statusCode === 200;
    expect(await eventually(loginAgain)).toBe(true);
  });

  it('when one user has many requests waiting on a slow service, then its extra requests get a 429 and another user is served at normal speed', async () => {
    const idle = await idleMs(() => timed(victim, '/api/orders', { headers: bearer(victimToken) }));
    slowArrived = 0;
    slowGate = new Promise((resolve) => (releaseSlow = resolve));
    const hog = await keys.sign({});
    const hogClient = client('127.0.0.6');
    const answers = Array.from({ length: 20 }, () =>
      request(`${gateway.url}/api/orders/slow`, {
        dispatcher: hogClient,
        headers: bearer(hog),
        headersTimeout: 2 * WAIT_MS,
      }).then(async (response) => {
        await response.body.dump();
        return { status: response.statusCode, retryAfter: response.headers['retry-after'] };
      }),
    );
    try {
      expect(await eventually(() => slowArrived >= 16, WAIT_MS)).toBe(true);
      const underAttack = await timed(victim, '/api/orders', { headers: bearer(victimToken) });
      expect(underAttack.status).toBe(200);
      expect(underAttack.ms).toBeLessThan(idle * 5 + SLACK_MS);
    } finally {
      releaseSlow();
    }
    const statuses = await Promise.all(answers);
    expect(statuses.filter((answer) => answer.status === 200)).toHaveLength(16);
    expect(statuses.filter((answer) => answer.status === 429)).toEqual(
      Array(4).fill({ status: 429, retryAfter: '1' }),
    );
    expect(slowArrived).toBe(16);
  });

  it('when a client does not read a large reply, then the service has sent it whole all the same', async () => {
    const { port } = new URL(gateway.url);
    const socket = connect({ host: '127.0.0.1', port: Number(port), localAddress: '127.0.0.7' });
    try {
      // No 'data' listener: the socket reads nothing, so the client's receive window closes.
      socket.write(
        `GET /api/orders/big HTTP/1.1\r\nhost: 127.0.0.1\r\nauthorization: Bearer ${await keys.sign({})}\r\n\r\n`,
      );
      expect(await eventually(() => bigReplyFinished, WAIT_MS)).toBe(true);

      let received = 0;
      socket.on('data', (chunk: Buffer) => (received += chunk.length));
      expect(await eventually(() => received > BIG_REPLY_BYTES, WAIT_MS)).toBe(true);
    } finally {
      socket.destroy();
    }
  });
});

/** 64 MiB made of one reused 1 MiB chunk, so the test service holds little memory. */
function bigBody(): Readable {
  const chunk = Buffer.alloc(MIB, 7);
  return Readable.from(
    (function* () {
      for (let sent = 0; sent < BIG_REPLY_BYTES; sent += MIB) yield chunk;
    })(),
  );
}
