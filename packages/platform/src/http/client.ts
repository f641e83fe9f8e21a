import type { Static, TSchema } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import { Agent, request as undiciRequest } from 'undici';
import { AppError } from '../errors.js';
import { registerStandardFormats } from '../formats.js';
import type { Discovery } from '../discovery/types.js';
import { recordClientRequest } from '../metrics/instruments.js';
import { injectTraceHeaders, SpanKind, withSpan } from '../tracing.js';

export interface ServiceRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** Forwarded as `Authorization: Bearer` when a call is made on the caller's behalf. */
  token?: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

export interface ServiceResponse<T> {
  status: number;
  body: T;
}

export interface HttpClient {
  /** Any status comes back; only transport failures throw. */
  request<T>(service: string, request: ServiceRequest): Promise<ServiceResponse<T>>;
  /**
   * 2xx gives the body once it matches `reply` (a contract schema; a reply that does not is a
   * `bad_gateway` naming what differs); 404, 401 and 403 become the same AppError here, anything
   * else a 502. A peer's reply is never trusted blindly.
   */
  json<S extends TSchema>(service: string, request: ServiceRequest, reply: S): Promise<Static<S>>;
  close(): Promise<void>;
}

/**
 * Calls peer services found through discovery, over pooled keep-alive connections, carrying the
 * trace context and a deadline. A GET that cannot connect is tried once more on another instance.
 */
export function createHttpClient(options: {
  discovery: Discovery;
  defaultTimeoutMs?: number;
}): HttpClient {
  const agent = new Agent({ keepAliveTimeout: 10_000, connections: 64 });
  const defaultTimeout = options.defaultTimeoutMs ?? 5_000;

  async function attempt<T>(service: string, req: ServiceRequest): Promise<ServiceResponse<T>> {
    const base = await options.discovery.resolve(service);
    const url = new URL(req.path, base);
    for (const [name, value] of Object.entries(req.query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    const headers: Record<string, string> = { accept: 'application/json', ...req.headers };
    if (req.token) headers.authorization = `Bearer ${req.token}`;
    if (req.body !== undefined) headers['content-type'] = 'application/json';
    injectTraceHeaders(headers);
    const timeout = req.timeoutMs ?? defaultTimeout;
    const method = req.method ?? 'GET';
    const started = performance.now();
    const elapsed = () => (performance.now() - started) / 1000;
    try {
      const response = await undiciRequest(url, {
        method,
        headers,
        body: req.body === undefined ? undefined : JSON.stringify(req.body),
        dispatcher: agent,
        headersTimeout: timeout,
        bodyTimeout: timeout,
      });
      const text = await response.body.text();
      recordClientRequest(service, method, { status: response.statusCode }, elapsed());
      return { status: response.statusCode, body: (text ? JSON.parse(text) : undefined) as T };
    } catch (error) {
      recordClientRequest(
        service,
        method,
        { error: (error as { code?: string }).code ?? (error as Error).name },
        elapsed(),
      );
      options.discovery.reportFailure(service, base);
      throw new AppError('unavailable', `The ${service} service did not answer`, { cause: error });
    }
  }

  async function request<T>(service: string, req: ServiceRequest): Promise<ServiceResponse<T>> {
    return withSpan(
      `${req.method ?? 'GET'} ${service}`,
      { kind: SpanKind.CLIENT, attributes: { 'peer.service': service, 'url.path': req.path } },
      async () => {
        try {
          return await attempt<T>(service, req);
        } catch (error) {
          if ((req.method ?? 'GET') !== 'GET') throw error;
          return attempt<T>(service, req);
        }
      },
    );
  }

  return {
    request,
    async json<S extends TSchema>(
      service: string,
      req: ServiceRequest,
      reply: S,
    ): Promise<Static<S>> {
      const response = await request<unknown>(service, req);
      if (response.status >= 200 && response.status < 300)
        return checkReply(service, req, reply, response.body);
      const detail = problemDetail(response.body);
      if (response.status === 404) throw new AppError('not_found', detail ?? 'Not found');
      if (response.status === 401) throw new AppError('unauthorized', detail);
      if (response.status === 403) throw new AppError('forbidden', detail);
      if (response.status === 503)
        throw new AppError('unavailable', `The ${service} service is unavailable`);
      throw new AppError('bad_gateway', `The ${service} service answered ${response.status}`);
    },
    async close() {
      await agent.close();
    },
  };
}

// Each reply schema is compiled once, the first time it is used.
const compiledReplies = new WeakMap<TSchema, TypeCheck<TSchema>>();

function compiledReply(schema: TSchema): TypeCheck<TSchema> {
  let check = compiledReplies.get(schema);
  if (!check) {
    registerStandardFormats();
    check = TypeCompiler.Compile(schema);
    compiledReplies.set(schema, check);
  }
  return check;
}

function checkReply<S extends TSchema>(
  service: string,
  req: ServiceRequest,
  schema: S,
  body: unknown,
): Static<S> {
  const check = compiledReply(schema);
  if (check.Check(body)) return body;
  const first = check.Errors(body).First();
  const where = first ? `${first.path || '/'}: ${first.message}` : 'no body';
  throw new AppError(
    'bad_gateway',
    `The ${service} service's reply to ${req.method ?? 'GET'} ${req.path} does not match its contract (${where})`,
  );
}

function problemDetail(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || !('detail' in body)) return undefined;
  return typeof body.detail === 'string' ? body.detail : undefined;
}
