import { AppError, type Logger, type Principal, type Revocation } from '@souk/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';

export interface StreamEvent {
  event: string;
  data: unknown;
  id?: string | undefined;
}

/** One browser's open event stream. */
export interface LiveStream {
  userId: string;
  isAdmin: boolean;
  /**
   * Writes one server-sent event, with an id when given (the browser sends the last one back as
   * `Last-Event-ID` when it reconnects); a stream whose reader stopped reading is dropped instead.
   */
  send(event: string, data: unknown, id?: string): void;
}

export interface StreamHubOptions {
  logger: Logger;
  /** A comment line keeps proxies from closing an idle stream (default 15 s). */
  heartbeatMs?: number;
  /** Open streams one user may hold on this instance (default 5). */
  maxStreamsPerUser?: number;
}

/**
 * The live streams this instance holds, by user. Streams are written through Fastify's raw
 * reply (hijacked), so the hub also ends them when the app closes: an open stream would
 * otherwise keep the HTTP server from closing.
 */
export interface StreamHub {
  /**
   * Hijacks the reply and keeps the stream until the client leaves or the app closes. The stream
   * hears live messages from the start, but writes them only after the events `first` gives:
   * nothing stored while `first` reads the database is missed, and none of it comes before them.
   */
  open(
    request: FastifyRequest,
    reply: FastifyReply,
    principal: Principal,
    first: () => Promise<StreamEvent[]>,
  ): Promise<void>;
  /** Streams of this user (USER-audience messages). */
  streamsOf(userId: string): LiveStream[];
  /** Streams of administrators (ADMIN-audience messages). */
  adminStreams(): LiveStream[];
  /** Open streams on this instance. */
  size(): number;
  /**
   * Ends the streams a revocation concerns (that session, or that user's tokens older than the
   * new version), each with a `revoked` event first: their tokens are no longer accepted.
   */
  revoke(revocation: Revocation): void;
  /**
   * Ends every stream and refuses new ones (the app's preClose hook, after the shutdown's drain),
   * each with a `retry:` of one to three seconds: the browsers come back spread out, through the
   * gateway, to an instance that stays.
   */
  closeAll(): void;
}

/** A slow reader may fall this far behind before its stream is dropped (it reconnects and recounts). */
const MAX_BUFFERED_BYTES = 256 * 1024;
/** How long the browser waits before reconnecting after the stream ends. */
const RECONNECT_MS = 3_000;
/** On shutdown, the browsers reconnect after a random wait between these. */
const SHUTDOWN_RECONNECT_MS = { min: 1_000, max: 3_000 };

interface OpenStream extends LiveStream {
  sessionId: string;
  tokenVersion: number;
  /** Ends the stream, after a last event telling the browser why when given (or a retry hint on shutdown). */
  end(reason?: 'expired' | 'revoked' | 'shutdown'): void;
}

/** Longest delay setTimeout accepts; a token living longer is checked again then. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export function createStreamHub(options: StreamHubOptions): StreamHub {
  const { logger } = options;
  const maxPerUser = options.maxStreamsPerUser ?? 5;
  const byUser = new Map<string, Set<OpenStream>>();
  let closing = false;

  const heartbeat = setInterval(() => {
    for (const streams of byUser.values()) for (const stream of streams) stream.send('', null);
  }, options.heartbeatMs ?? 15_000);
  heartbeat.unref();

  function remove(stream: OpenStream): void {
    const streams = byUser.get(stream.userId);
    if (!streams?.delete(stream)) return;
    if (streams.size === 0) byUser.delete(stream.userId);
    logger.debug({ userId: stream.userId, open: countAll() }, 'event stream closed');
  }

  function countAll(): number {
    let total = 0;
    for (const streams of byUser.values()) total += streams.size;
    return total;
  }

  return {
    async open(request, reply, principal, first) {
      if (closing)
        throw new AppError('unavailable', 'The service is shutting down; reconnect shortly');
      const mine = byUser.get(principal.userId) ?? new Set<OpenStream>();
      if (mine.size >= maxPerUser) {
        throw new AppError(
          'rate_limited',
          `At most ${maxPerUser} live streams per user; close another tab first`,
          {
            headers: { 'retry-after': '30' },
          },
        );
      }
      const response = reply.raw;
      reply.hijack();
      if (response.destroyed || request.raw.socket.destroyed) return; // the client already left
      response.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        'x-accel-buffering': 'no',
        'x-request-id': request.id,
      });
      const write = ({ event, data, id }: StreamEvent) => {
        if (response.writableEnded || response.destroyed) return;
        if (response.writableLength > MAX_BUFFERED_BYTES) {
          logger.warn(
            { userId: principal.userId },
            'event stream reader is not keeping up; dropping the stream',
          );
          response.destroy();
          return;
        }
        if (event === '') response.write(': heartbeat\n\n');
        else
          response.write(
            `${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`,
          );
      };
      let held: StreamEvent[] | undefined = [];
      let expiry: NodeJS.Timeout | undefined;
      const stream: OpenStream = {
        userId: principal.userId,
        isAdmin: principal.isAdmin,
        sessionId: principal.sessionId,
        tokenVersion: principal.tokenVersion,
        send(event, data, id) {
          if (held) held.push({ event, data, id });
          else write({ event, data, id });
        },
        end(reason) {
          clearTimeout(expiry);
          // The browser learns why, and opens a new stream with a fresh token (or signs out).
          if (reason === 'shutdown') {
            if (!response.writableEnded && !response.destroyed)
              response.write(`retry: ${shutdownRetryMs()}\n\n`);
          } else if (reason) write({ event: reason, data: {} });
          if (!response.writableEnded) response.end();
          // The connection would otherwise stay open as keep-alive and hold the server's close.
          response.socket?.end();
        },
      };
      // A stream lives no longer than the token it was opened with.
      const endWhenExpired = () => {
        const left = principal.expiresAt.getTime() - Date.now();
        if (left <= 0) stream.end('expired');
        else expiry = setTimeout(endWhenExpired, Math.min(left, MAX_TIMER_MS));
      };
      endWhenExpired();
      mine.add(stream);
      byUser.set(principal.userId, mine);
      response.once('close', () => {
        clearTimeout(expiry);
        remove(stream);
      });
      response.write(`retry: ${RECONNECT_MS}\n\n`);
      logger.debug({ userId: principal.userId, open: countAll() }, 'event stream opened');
      try {
        for (const event of await first()) write(event);
      } catch (error) {
        logger.warn(
          { err: error, userId: principal.userId },
          'could not start an event stream; ending it',
        );
        stream.end();
        return;
      }
      const waiting = held;
      held = undefined;
      for (const event of waiting) write(event);
    },

    streamsOf(userId) {
      return [...(byUser.get(userId) ?? [])];
    },

    adminStreams() {
      const admins: LiveStream[] = [];
      for (const streams of byUser.values())
        for (const stream of streams) if (stream.isAdmin) admins.push(stream);
      return admins;
    },

    size: countAll,

    revoke(revocation) {
      for (const stream of [...(byUser.get(revocation.userId) ?? [])]) {
        const revoked =
          revocation.kind === 'session'
            ? stream.sessionId === revocation.sessionId
            : stream.tokenVersion < revocation.tokenVersion;
        if (!revoked) continue;
        logger.info(
          { userId: stream.userId, kind: revocation.kind },
          'event stream ended: its token was revoked',
        );
        stream.end('revoked');
      }
    },

    closeAll() {
      closing = true;
      clearInterval(heartbeat);
      for (const streams of [...byUser.values()])
        for (const stream of [...streams]) stream.end('shutdown');
      byUser.clear();
    },
  };
}

function shutdownRetryMs(): number {
  return Math.round(
    SHUTDOWN_RECONNECT_MS.min +
      Math.random() * (SHUTDOWN_RECONNECT_MS.max - SHUTDOWN_RECONNECT_MS.min),
  );
}
