import type { Broker, EventEnvelope } from '../bus/types.js';
import type { Logger } from '../logger.js';

/**
 * Revoked access tokens, as every verifier must know them. Access tokens are checked without
 * asking the auth service (EdDSA signatures against its JWKS), so a token that was valid when
 * signed stays valid until it expires unless each verifier learns otherwise. Two kinds of
 * revocation cover every case:
 * - a user's token version: disabling, deleting or demoting an account raises it, and tokens
 *   carrying a lower `ver` claim are refused (exact: no clock comparison of issue times);
 * - a session: logging out, reusing a refresh token or changing the password elsewhere ends
 *   one login session, and tokens carrying its `sid` claim are refused.
 *
 * How a verifier learns them (chosen over asking the auth service on every request):
 * - a broadcast on the bus, heard by every instance within milliseconds of the commit;
 * - a sync from the auth service's feed at start (awaited before the first token is accepted)
 *   and then every few seconds, which catches up on any broadcast missed while the broker
 *   connection was down.
 * Entries are kept only as long as a token they concern could still be unexpired (the feed
 * says how long), so memory stays proportional to recent revocations, not to users.
 */
export interface Revocations {
  /** Whether a token with these claims was revoked. */
  isRevoked(token: RevocableToken): boolean;
  /** Resolves once the first sync has succeeded (rejects when it fails; the next call retries). */
  ready(): Promise<void>;
  /** Records revocations (from a broadcast, a sync, or the auth service's own writes). */
  apply(revocations: Revocation[]): void;
  /** Called for every new revocation: open streams of that user or session end at once. */
  onRevoked(listener: (revocation: Revocation) => void): () => void;
  /** Hears revocations broadcast on the bus. */
  listenOn(broker: Broker): Promise<void>;
  stop(): void;
}

export interface RevocableToken {
  userId: string;
  sessionId: string;
  tokenVersion: number;
}

export type Revocation =
  | { kind: 'user'; userId: string; tokenVersion: number; at: Date }
  | { kind: 'session'; userId: string; sessionId: string; at: Date };

/** The auth service's feed (contract: RevocationFeed in @souk/contracts). */
export interface RevocationFeed {
  now: string;
  keepSeconds: number;
  users: Array<{ userId: string; tokenVersion: number; at: string }>;
  sessions: Array<{ userId: string; sessionId: string; at: string }>;
}

export const USER_TOKENS_REVOKED = 'auth.user.tokens_revoked';
export const SESSION_REVOKED = 'auth.session.revoked';

export interface RevocationsOptions {
  /** Reads the feed; `since` asks only for what changed after it. */
  load: (since: string | undefined) => Promise<RevocationFeed>;
  logger: Logger;
  /** Time between two syncs (default 5 s). */
  syncIntervalMs?: number;
}

/**
 * A sync asks again for the revocations of the last minute before its cursor: a revocation
 * whose transaction started earlier but committed later carries an earlier time.
 */
const SYNC_OVERLAP_MS = 60_000;
/** Tokens are checked against exp with the verifier's clock, which may run behind the auth service's. */
const CLOCK_SKEW_MS = 60_000;

export function createRevocations(options: RevocationsOptions): Revocations {
  const { logger } = options;
  const syncIntervalMs = options.syncIntervalMs ?? 5_000;
  const userVersions = new Map<string, { tokenVersion: number; at: Date }>();
  const sessions = new Map<string, { userId: string; at: Date }>();
  const listeners = new Set<(revocation: Revocation) => void>();
  let keepMs = 0;
  let cursor: string | undefined;
  let first: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let syncing = false;
  let failures = 0;
  let stopped = false;

  function apply(revocations: Revocation[]): void {
    for (const revocation of revocations) {
      if (revocation.kind === 'user') {
        const known = userVersions.get(revocation.userId);
        if (known && known.tokenVersion >= revocation.tokenVersion) continue;
        userVersions.set(revocation.userId, {
          tokenVersion: revocation.tokenVersion,
          at: revocation.at,
        });
      } else {
        if (sessions.has(revocation.sessionId)) continue;
        sessions.set(revocation.sessionId, { userId: revocation.userId, at: revocation.at });
      }
      for (const listener of listeners) {
        try {
          listener(revocation);
        } catch (error) {
          logger.warn({ err: error }, 'a revocation listener failed');
        }
      }
    }
  }

  function forgetOld(now: number): void {
    if (keepMs === 0) return;
    const cutoff = now - keepMs - CLOCK_SKEW_MS;
    for (const [userId, entry] of userVersions)
      if (entry.at.getTime() < cutoff) userVersions.delete(userId);
    for (const [sessionId, entry] of sessions)
      if (entry.at.getTime() < cutoff) sessions.delete(sessionId);
  }

  async function sync(): Promise<void> {
    const feed = await options.load(cursor);
    keepMs = feed.keepSeconds * 1000;
    apply([
      ...feed.users.map((user): Revocation => ({
        kind: 'user',
        userId: user.userId,
        tokenVersion: user.tokenVersion,
        at: new Date(user.at),
      })),
      ...feed.sessions.map((session): Revocation => ({
        kind: 'session',
        userId: session.userId,
        sessionId: session.sessionId,
        at: new Date(session.at),
      })),
    ]);
    const now = Date.parse(feed.now);
    cursor = new Date(now - SYNC_OVERLAP_MS).toISOString();
    forgetOld(now);
  }

  async function syncInBackground(): Promise<void> {
    if (syncing || stopped) return;
    syncing = true;
    try {
      await sync();
      if (failures > 0) logger.info({ failures }, 'revocation list in sync again');
      failures = 0;
    } catch (error) {
      // Broadcasts keep arriving meanwhile; the list catches up with the next sync that works.
      if (failures++ === 0)
        logger.warn({ err: error }, 'could not sync the revocation list; retrying');
    } finally {
      syncing = false;
    }
  }

  return {
    isRevoked(token) {
      if (sessions.has(token.sessionId)) return true;
      const user = userVersions.get(token.userId);
      return user !== undefined && token.tokenVersion < user.tokenVersion;
    },

    ready() {
      first ??= sync().then(
        () => {
          if (stopped) return;
          timer = setInterval(() => void syncInBackground(), syncIntervalMs);
          timer.unref();
        },
        (error: unknown) => {
          first = undefined;
          throw error;
        },
      );
      return first;
    },

    apply,

    onRevoked(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    async listenOn(broker) {
      await broker.listen([USER_TOKENS_REVOKED, SESSION_REVOKED], (envelope) => {
        const revocation = fromEnvelope(envelope);
        // An envelope too big for the broadcast arrives without its data: the next sync has it.
        if (revocation) apply([revocation]);
      });
    },

    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}

function fromEnvelope(envelope: EventEnvelope): Revocation | undefined {
  const data = envelope.data as Record<string, unknown> | null;
  const at = new Date(envelope.occurredAt);
  if (!data || typeof data.userId !== 'string' || Number.isNaN(at.getTime())) return undefined;
  if (envelope.type === USER_TOKENS_REVOKED && Number.isInteger(data.tokenVersion)) {
    return { kind: 'user', userId: data.userId, tokenVersion: data.tokenVersion as number, at };
  }
  if (envelope.type === SESSION_REVOKED && typeof data.sessionId === 'string') {
    return { kind: 'session', userId: data.userId, sessionId: data.sessionId, at };
  }
  return undefined;
}
