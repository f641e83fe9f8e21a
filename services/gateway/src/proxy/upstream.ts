import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { Agent, type Dispatcher } from 'undici';
import { AppError, isAppError, type Discovery } from '@souk/platform';
import type { OutgoingHeaders } from './forward-headers.js';

export interface UpstreamRequest {
  service: string;
  method: Dispatcher.HttpMethod;
  /** Path and query, exactly as the client sent them (never normalised here). */
  path: string;
  headers: OutgoingHeaders;
  body?: Readable;
  /** Longest silence between two body chunks; 0 for streams that stay open (server-sent events). */
  bodyTimeoutMs?: number;
  signal?: AbortSignal;
}

export interface UpstreamReply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface Upstream {
  /** Sends a request to one live instance; transport failures become 503/504 AppErrors. */
  send(request: UpstreamRequest): Promise<Dispatcher.ResponseData>;
  /** The same, with the whole reply body read into memory. */
  sendBuffered(request: UpstreamRequest): Promise<UpstreamReply>;
  close(): Promise<void>;
}

/** Errors meaning the instance could not be reached (or dropped the connection): try another. */
const CONNECT_ERROR_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);

const TIMEOUT_ERROR_CODES: ReadonlySet<string> = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

interface Origin {
  origin: string;
  /** Path part of the instance URL, if any (e.g. behind a path-based router). */
  prefix: string;
}

/**
 * Calls the service that owns a route over pooled keep-alive connections. A GET or HEAD whose
 * instance cannot be reached is reported to discovery and tried once more on another instance.
 */
export function createUpstream(options: { discovery: Discovery; timeoutMs: number }): Upstream {
  const agent = new Agent({
    keepAliveTimeout: 10_000,
    connections: 128,
    connect: { timeout: Math.min(options.timeoutMs, 5_000) },
  });
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

  async function attempt(request: UpstreamRequest, base: string): Promise<Dispatcher.ResponseData> {
    const { origin, prefix } = originOf(base);
    return agent.request({
      origin,
      path: prefix + request.path,
      method: request.method,
      headers: request.headers,
      body: request.body,
      headersTimeout: options.timeoutMs,
      bodyTimeout: request.bodyTimeoutMs ?? options.timeoutMs,
      signal: request.signal,
    });
  }

  async function send(request: UpstreamRequest): Promise<Dispatcher.ResponseData> {
    const isRetryable = request.method === 'GET' || request.method === 'HEAD';
    for (let tries = 1; ; tries++) {
      const base = await options.discovery.resolve(request.service);
      try {
        return await attempt(request, base);
      } catch (error) {
        if (isAppError(error)) throw error;
        const code = errorCode(error);
        if (TIMEOUT_ERROR_CODES.has(code)) {
          throw new AppError('timeout', `The ${request.service} service did not answer in time`, { cause: error });
        }
        if (CONNECT_ERROR_CODES.has(code)) {
          options.discovery.reportFailure(request.service, base);
          if (isRetryable && tries < 2) continue;
          throw new AppError('unavailable', `The ${request.service} service is unavailable`, { cause: error });
        }
        throw error;
      }
    }
  }

  return {
    send,
    async sendBuffered(request) {
      const response = await send(request);
      try {
        const body = Buffer.from(await response.body.arrayBuffer());
        return { status: response.statusCode, headers: response.headers, body };
      } catch (error) {
        if (TIMEOUT_ERROR_CODES.has(errorCode(error))) {
          throw new AppError('timeout', `The ${request.service} service did not answer in time`, { cause: error });
        }
        throw new AppError('bad_gateway', `The ${request.service} service broke off its reply`, { cause: error });
      }
    },
    async close() {
      await agent.close();
    },
  };
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
