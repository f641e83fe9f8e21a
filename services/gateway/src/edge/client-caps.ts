import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '@souk/platform';

export interface ClientCapOptions {
  /** What is counted, for the 429's detail: "requests in progress", "open event streams". */
  what: string;
  /** Most held at once by one user (the verified token's subject); 0 = no cap. */
  perUser: number;
  /** Most held at once from one client IP (`request.ip`, so after trusted proxies); 0 = no cap. */
  perIp: number;
  retryAfterSeconds: number;
}

export interface ClientCap {
  /**
   * Counts the request against its IP and user until its reply closes (sent whole, or the client
   * left): beyond either cap, throws a 429 problem with Retry-After instead.
   */
  hold(request: FastifyRequest, reply: FastifyReply, userId: string | undefined): void;
}

/**
 * How much one client may hold at once, counted in memory on this gateway. A rate limit counts
 * requests over a minute; this counts what is open right now, which is what a slow or
 * never-ending client takes away from everyone else.
 */
export function createClientCap(options: ClientCapOptions): ClientCap {
  const byIp = new Map<string, number>();
  const byUser = new Map<string, number>();
  const isCountedByUser = (userId: string | undefined): userId is string =>
    userId !== undefined && options.perUser > 0;

  return {
    hold(request, reply, userId) {
      // Gone already: nothing to hold, and no close event would ever give the share back.
      if (reply.raw.closed) return;
      const ip = request.ip;
      const countsIp = options.perIp > 0;
      const countsUser = isCountedByUser(userId);
      if (
        (countsIp && count(byIp, ip) >= options.perIp) ||
        (countsUser && count(byUser, userId) >= options.perUser)
      ) {
        throw new AppError(
          'rate_limited',
          `Too many ${options.what} from this client; retry when one has finished`,
          {
            headers: { 'retry-after': String(options.retryAfterSeconds) },
          },
        );
      }
      if (!countsIp && !countsUser) return;
      if (countsIp) add(byIp, ip, 1);
      if (countsUser) add(byUser, userId, 1);
      reply.raw.once('close', () => {
        if (countsIp) add(byIp, ip, -1);
        if (countsUser) add(byUser, userId, -1);
      });
    },
  };
}

function count(counts: Map<string, number>, key: string): number {
  return counts.get(key) ?? 0;
}

/** Keys at zero are dropped, so the maps only hold clients with something open. */
function add(counts: Map<string, number>, key: string, delta: number): void {
  const next = count(counts, key) + delta;
  if (next > 0) counts.set(key, next);
  else counts.delete(key);
}
