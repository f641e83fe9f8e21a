import type { IncomingHttpHeaders } from 'node:http';
import { Agent, type Dispatcher } from 'undici';
import { AppError, isAppError, recordClientRequest, type Discovery } from '@souk/platform';
import type { OutgoingHeaders } from './forward-headers.js';

export interface UpstreamRequest {
  service: string;
  method: Dispatcher.HttpMethod;
  /** Path and query, exactly as the client sent them (never normalised here). */
  path: string;
  headers: OutgoingHeaders;
  /** The whole body, already read from the client. */
  body?: Buffer;
  signal?: AbortSignal;
}

export interface UpstreamReply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface Upstream {
  /**
   * An ordinary request, its reply read whole (at most `maxReplyBytes`): the connection goes back
   * to the pool as soon as the service has answered, however slowly the client reads.
   * Transport failures become 502/503/504 AppErrors.
   */
  sendBuffered(request: UpstreamRequest): Promise<UpstreamReply>;
  /** A server-sent event stream, on a pool of its own and without a body timeout. */
  openStream(request: UpstreamRequest): Promise<Dispatcher.ResponseData>;
  close(): Promise<void>;
}

export interface UpstreamOptions {
  discovery: Discovery;
  timeoutMs: number;
  maxReplyBytes: number;
}

/**
 * The instance could not be reached at all, so nothing was sent: it is reported to discovery and
 * the request, whatever its method, tries another instance (an instance that stopped listening
 * after its shutdown's drain, before discovery heard of it). Anything after the request was
 * written (a reset, a close, a reply of any status) says nothing about whether the instance is
 * alive.
 */
const UNREACHABLE_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'UND_ERR_CONNECT_TIMEOUT',
]);

const BROKEN_OFF_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);

const TIMEOUT_CODES: ReadonlySet<string> = new Set([
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/** Ordinary requests in progress to one instance; more wait in undici's queue. */
const CONNECTIONS_PER_INSTANCE = 128;

interface Origin {
  origin: string;
  /** Path part of the instance URL, if any (e.g. behind a path-based router). */
  prefix: string;
}

/** Calls the service that owns a route over pooled keep-alive connections. */
export function createUpstream(options: UpstreamOptions): Upstream {
  const connect = { timeout: Math.min(options.timeoutMs, 5_000) };
  // Bodies arrive here whole and replies are read whole, so an ordinary request holds one of
  // these connections only while the service works on it, never at a client's pace.
  const requests = new Agent({
    keepAliveTimeout: 10_000,
    connections: CONNECTIONS_PER_INSTANCE,
    maxResponseSize: options.maxReplyBytes,
    connect,
  });
  // An event stream holds its connection for as long as the browser listens: streams get their
  // own pool, with no connection limit (so a stream never queues behind others); the gateway's
  // per-user and per-IP stream caps bound it instead.
  const streams = new Agent({ keepAliveTimeout: 10_000, connect });
  const origins = new Map<string, Origin>();

  function originOf(base: string): Origin {
    let origin = origins.get(base);
    if (!origin) {
      const url = new URL(base);
      origin = { origin: url.origin, prefix: url.pathname.replace(/\/$/, '') };
      origins.set(base, origin);
    }
    return origin;
  }

  /**
   * One instance, then one more when it could not be reached (nothing was sent), or when a GET or
   * HEAD had its connection broken off: a keep-alive connection an instance closed as it stopped.
   * A write that may have reached a service is never sent twice.
   */
  async function send(
    agent: Agent,
    request: UpstreamRequest,
    bodyTimeout: number,
  ): Promise<Dispatcher.ResponseData> {
    const isIdempotent = request.method === 'GET' || request.method === 'HEAD';
    for (let tries = 1; ; tries++) {
      const base = await options.discovery.resolve(request.service);
      const { origin, prefix } = originOf(base);
      try {
        return await agent.request({
          origin,
          path: prefix + request.path,
          method: request.method,
          headers: request.headers,
          body: request.body,
          headersTimeout: options.timeoutMs,
          bodyTimeout,
          signal: request.signal,
        });
      } catch (error) {
        if (isAppError(error)) throw error;
        const code = errorCode(error);
        if (isIdempotent && BROKEN_OFF_CODES.has(code) && tries < 2 && !request.signal?.aborted)
          continue;
        if (!UNREACHABLE_CODES.has(code)) throw transportError(request.service, error);
        options.discovery.reportFailure(request.service, base);
        if (tries < 2) continue;
        throw new AppError('unavailable', `The ${request.service} service is unavailable`, {
          cause: error,
        });
      }
    }
  }

  return {
    async sendBuffered(request) {
      const started = performance.now();
      const record = (outcome: { status: number } | { error: string }) =>
        recordClientRequest(
          request.service,
          request.method,
          outcome,
          (performance.now() - started) / 1000,
        );
      const failed = (error: unknown) => {
        record({ error: errorCode(error) || (error as Error).name });
        return error;
      };
      const response = await send(requests, request, options.timeoutMs).catch((error: unknown) => {
        throw failed(error);
      });
      try {
        const body = Buffer.from(await response.body.arrayBuffer());
        record({ status: response.statusCode });
        return { status: response.statusCode, headers: response.headers, body };
      } catch (error) {
        failed(error);
        throw transportError(request.service, error);
      }
    },
    openStream(request) {
      return send(streams, request, 0);
    },
    async close() {
      await Promise.all([requests.close(), streams.close()]);
    },
  };
}

/** A failure after the request went out: the client's answer, never a verdict on the instance. */
function transportError(service: string, error: unknown): unknown {
  const code = errorCode(error);
  if (TIMEOUT_CODES.has(code))
    return new AppError('timeout', `The ${service} service did not answer in time`, {
      cause: error,
    });
  if (code === 'UND_ERR_RES_EXCEEDED_MAX_SIZE') {
    return new AppError(
      'bad_gateway',
      `The ${service} service's reply is larger than the gateway passes on`,
      { cause: error },
    );
  }
  if (BROKEN_OFF_CODES.has(code))
    return new AppError('bad_gateway', `The ${service} service broke off its reply`, {
      cause: error,
    });
  // An aborted request (the client left) or a bug: the caller decides.
  return error;
}

/** undici wraps socket errors: the code may sit on the error or on its cause. */
function errorCode(error: unknown): string {
  let current = error as { code?: unknown; cause?: unknown } | undefined;
  for (let depth = 0; current && depth < 3; depth++) {
    if (typeof current.code === 'string' && current.code !== 'UND_ERR') return current.code;
    current = current.cause as typeof current;
  }
  return '';
}
