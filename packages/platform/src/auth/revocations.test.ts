import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Broker, EventEnvelope } from '../bus/types.js';
import { createLogger } from '../logger.js';
import {
  createRevocations,
  SESSION_REVOKED,
  USER_TOKENS_REVOKED,
  type RevocationFeed,
  type Revocation,
} from './revocations.js';

const logger = createLogger({ name: 'revocations-test', level: 'silent' });
const userId = randomUUID();
const sessionId = randomUUID();
const token = (
  overrides: Partial<{ userId: string; sessionId: string; tokenVersion: number }> = {},
) => ({ userId, sessionId, tokenVersion: 0, ...overrides });

function feed(parts: Partial<RevocationFeed> = {}): RevocationFeed {
  return { now: new Date().toISOString(), keepSeconds: 900, users: [], sessions: [], ...parts };
}

/** A broker whose broadcast this test drives: only `listen` is used by the list. */
function broadcastOnly(): { broker: Broker; broadcast(envelope: EventEnvelope): void } {
  const handlers: Array<{ types: string[]; handle: (envelope: EventEnvelope) => void }> = [];
  const broker = {
    listen: async (types: string[], handle: (envelope: EventEnvelope) => void) =>
      void handlers.push({ types, handle }),
  } as unknown as Broker;
  return {
    broker,
    broadcast: (envelope) =>
      handlers
        .filter((entry) => entry.types.includes(envelope.type))
        .forEach((entry) => entry.handle(envelope)),
  };
}

const envelope = (type: string, data: unknown): EventEnvelope => ({
  id: randomUUID(),
  type,
  version: 1,
  occurredAt: new Date().toISOString(),
  source: 'auth',
  data,
});

describe('revocations', () => {
  it('when the first sync lists a session and a token version, then tokens they name are revoked and others are not', async () => {
    const at = new Date().toISOString();
    const list = createRevocations({
      logger,
      load: async () =>
        feed({ sessions: [{ userId, sessionId, at }], users: [{ userId, tokenVersion: 2, at }] }),
    });
    await list.ready();
    expect(list.isRevoked(token({ tokenVersion: 5 }))).toBe(true);
    expect(list.isRevoked(token({ sessionId: randomUUID(), tokenVersion: 1 }))).toBe(true);
    expect(list.isRevoked(token({ sessionId: randomUUID(), tokenVersion: 2 }))).toBe(false);
    expect(list.isRevoked(token({ userId: randomUUID(), sessionId: randomUUID() }))).toBe(false);
    list.stop();
  });

  it('when the first sync fails, then ready rejects and the next call tries again', async () => {
    let calls = 0;
    const list = createRevocations({
      logger,
      load: async () => {
        if (++calls === 1) throw new Error('auth is down');
        return feed();
      },
    });
    await expect(list.ready()).rejects.toThrow('auth is down');
    await expect(list.ready()).resolves.toBeUndefined();
    expect(calls).toBe(2);
    list.stop();
  });

  it('when a broadcast names a session or a higher version, then listeners hear it once and tokens are refused', async () => {
    const { broker, broadcast } = broadcastOnly();
    const list = createRevocations({ logger, load: async () => feed() });
    const heard: Revocation[] = [];
    list.onRevoked((revocation) => heard.push(revocation));
    await list.listenOn(broker);
    broadcast(envelope(SESSION_REVOKED, { userId, sessionId }));
    broadcast(envelope(SESSION_REVOKED, { userId, sessionId }));
    broadcast(envelope(USER_TOKENS_REVOKED, { userId, tokenVersion: 3 }));
    broadcast(envelope(USER_TOKENS_REVOKED, { userId, tokenVersion: 2 }));
    expect(heard.map((revocation) => revocation.kind)).toEqual(['session', 'user']);
    expect(list.isRevoked(token({ sessionId: randomUUID(), tokenVersion: 2 }))).toBe(true);
    expect(list.isRevoked(token({ sessionId: randomUUID(), tokenVersion: 3 }))).toBe(false);
  });

  it('when a broadcast arrives without its data or with a wrong shape, then it is ignored (the next sync has it)', async () => {
    const { broker, broadcast } = broadcastOnly();
    const list = createRevocations({ logger, load: async () => feed() });
    await list.listenOn(broker);
    broadcast(envelope(SESSION_REVOKED, null));
    broadcast(envelope(USER_TOKENS_REVOKED, { userId, tokenVersion: 'many' }));
    expect(list.isRevoked(token({ tokenVersion: 0 }))).toBe(false);
  });

  it('when later syncs run, then each asks from the previous reply minus a minute and old entries are forgotten', async () => {
    const asked: Array<string | undefined> = [];
    const start = Date.now();
    const old = new Date(start - 20 * 60_000).toISOString();
    let round = 0;
    const list = createRevocations({
      logger,
      syncIntervalMs: 20,
      load: async (since) => {
        asked.push(since);
        round++;
        // The first reply holds a revocation from 20 minutes ago: tokens live 15, so it is dropped.
        return feed({
          now: new Date(start + round * 1000).toISOString(),
          sessions: round === 1 ? [{ userId, sessionId, at: old }] : [],
        });
      },
    });
    await list.ready();
    await expect.poll(() => asked.length).toBeGreaterThanOrEqual(3);
    list.stop();
    expect(asked[0]).toBeUndefined();
    expect(asked[1]).toBe(new Date(start + 1000 - 60_000).toISOString());
    expect(list.isRevoked(token())).toBe(false);
  });
});
