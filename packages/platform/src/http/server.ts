import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { fastifySwagger } from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyRequest,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';
import { AppError } from '../errors.js';
import { registerStandardFormats } from '../formats.js';
import type { Logger } from '../logger.js';
import { recordServerRequest } from '../metrics/instruments.js';
import { PROMETHEUS_CONTENT_TYPE, renderMetrics } from '../metrics/metrics.js';
import {
  contextFromHeaders,
  context,
  SpanKind,
  SpanStatusCode,
  trace,
  tracer,
} from '../tracing.js';
import { isDraining } from './draining.js';
import { createClientErrorHandler, frameworkErrorHandler } from './framework-errors.js';
import { sendProblem, toAppError } from './problem.js';
import { refuseUnstorableText } from './storable-text.js';
import { assertInputSchemas, makeAjv } from './validation.js';

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

export interface ReadinessCheck {
  name: string;
  check: () => Promise<void>;
  /**
   * Whether a failure makes the instance unready (503). A dependency the instance can serve
   * without (the broker: the outbox buffers) is reported in the details only, as `degraded`.
   */
  required?: boolean;
}

export interface ServerOptions {
  /** Service name, used in logs, traces and the OpenAPI title. */
  name: string;
  logger: Logger;
  /** Largest accepted body in bytes (default 100 KiB). */
  bodyLimit?: number;
  /** Checks behind /health/ready, e.g. the database (required) and the broker (reported only). */
  readiness?: ReadinessCheck[];
  /** Fastify trustProxy: which hops may set X-Forwarded-For. */
  trustProxy?: boolean | string;
  /** Short description for the OpenAPI document. */
  description?: string;
  /**
   * Longest time a client may take to send a whole request, headers and body (default 30 s), and
   * its headers alone (default 10 s): a client that trickles bytes (slowloris) loses its
   * connection instead of holding it for good.
   */
  requestTimeoutMs?: number;
  headersTimeoutMs?: number;
  /**
   * Serve `GET /metrics` (Prometheus text) on this server; default true. The gateway serves it on
   * a separate port instead, so that it is never reachable from outside.
   */
  metrics?: boolean;
  /** Requests that never get a span, on top of health, /internal/ and /metrics: heartbeats and lookups every few seconds. */
  isUntraced?: (method: string, url: string) => boolean;
}

/** How often Node looks for requests past their timeouts. */
const TIMEOUT_CHECK_INTERVAL_MS = 1_000;

/**
 * A Fastify instance with the platform's conventions: request ids, a server span per request,
 * schema validation that rejects unknown keys and unbounded values (bodies are never coerced,
 * query strings are), text PostgreSQL can store, RFC 9457 problem+json for every error (the
 * framework's and Node's own included), health routes and an OpenAPI document at /openapi.json.
 */
export function createServer(options: ServerOptions): App {
  registerStandardFormats();
  const bodyAjv = makeAjv({ coerceTypes: false });
  const queryAjv = makeAjv({ coerceTypes: 'array' });

  const app = Fastify({
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- not unnecessary: it makes Fastify infer its base logger type, which App is declared with
    loggerInstance: options.logger as FastifyBaseLogger,
    bodyLimit: options.bodyLimit ?? 100 * 1024,
    trustProxy: options.trustProxy ?? false,
    requestIdHeader: false,
    // Request logs are written once, on completion, by the onResponse hook below.
    logController: new LogController({
      requestIdLogLabel: 'requestId',
      disableRequestLogging: true,
    }),
    genReqId: (request) => {
      const incoming = request.headers['x-request-id'];
      return typeof incoming === 'string' && /^[\w.-]{1,64}$/.test(incoming)
        ? incoming
        : randomUUID();
    },
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    frameworkErrors: frameworkErrorHandler,
    clientErrorHandler: createClientErrorHandler(options.logger),
    serverFactory: (handler) =>
      http.createServer(
        {
          requestTimeout: options.requestTimeoutMs ?? 30_000,
          headersTimeout: Math.min(
            options.headersTimeoutMs ?? 10_000,
            options.requestTimeoutMs ?? 30_000,
          ),
          connectionsCheckingInterval: TIMEOUT_CHECK_INTERVAL_MS,
        },
        tracedHandler(handler, options.isUntraced),
      ),
  }).withTypeProvider<TypeBoxTypeProvider>();

  // JSON only: a text/plain body is refused with 415 instead of reaching validation as a string.
  app.removeContentTypeParser('text/plain');
  app.setValidatorCompiler(({ schema, httpPart }) =>
    (httpPart === 'body' ? bodyAjv : queryAjv).compile(schema),
  );

  app.addHook('onRoute', (route) => assertInputSchemas(route.method, route.url, route.schema));
  app.addHook('preValidation', refuseUnstorableText);

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    const span = trace.getActiveSpan();
    if (span && request.routeOptions.url)
      span.updateName(`${request.method} ${request.routeOptions.url}`);
  });
  // After the request id is set, so that a refused request still carries it.
  app.addHook('onRequest', refuseNonUtf8Json);

  app.addHook('onResponse', async (request, reply) => {
    if (isPlumbing(request.url)) return;
    // An event stream lasts as long as its tab: its duration says nothing about latency.
    if (!isEventStreamRequest(request))
      recordServerRequest(
        request.method,
        request.routeOptions.url,
        reply.statusCode,
        reply.elapsedTime / 1000,
      );
    const level = reply.statusCode >= 500 ? 'error' : 'info';
    // The path only: query strings may carry search terms or a stream's access token.
    request.log[level](
      {
        method: request.method,
        path: request.url.split('?')[0],
        statusCode: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request completed',
    );
  });

  app.setErrorHandler((error, request, reply) => {
    const appError = toAppError(error);
    if (appError.status >= 500) request.log.error({ err: error }, 'request failed');
    return sendProblem(request, reply, appError);
  });

  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      request,
      reply,
      new AppError('not_found', `No route for ${request.method} ${request.url.split('?')[0]}`),
    ),
  );

  // Installed directly rather than through app.register(): registration would only take effect
  // once plugins load, and routes a service adds right after createServer() would be missed.
  // The dynamic mode's setup is synchronous: it adds an onRoute hook and the `swagger` decorator.
  fastifySwagger(
    app,
    {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: `souk ${options.name} service`,
          version: '1.0.0',
          description: options.description,
        },
        components: {
          securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
        },
      },
    },
    (error) => {
      if (error) throw error;
    },
  );

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  if (options.metrics !== false) {
    app.get('/metrics', { schema: { hide: true } }, async (_request, reply) =>
      reply.type(PROMETHEUS_CONTENT_TYPE).send(await renderMetrics()),
    );
  }

  app.get('/health/live', { schema: { hide: true } }, async () => ({ status: 'ok' }));

  // While the process drains before shutting down (see draining.ts), a caller's keep-alive
  // connection is closed after each reply, so its next request goes where discovery sends it.
  app.addHook('onSend', async (_request, reply) => {
    if (isDraining(app)) reply.header('connection', 'close');
  });

  app.get('/health/ready', { schema: { hide: true } }, async (_request, reply) => {
    if (isDraining(app)) return reply.status(503).send({ status: 'shutting down', checks: {} });
    const results: Record<string, string> = {};
    let ready = true;
    let degraded = false;
    await Promise.all(
      (options.readiness ?? []).map(async ({ name, check, required = true }) => {
        try {
          await withTimeout(check(), 2000, `${name} check timed out`);
          results[name] = 'ok';
        } catch (error) {
          if (required) ready = false;
          else degraded = true;
          results[name] = (error as Error).message;
        }
      }),
    );
    const status = !ready ? 'unavailable' : degraded ? 'degraded' : 'ok';
    return reply.status(ready ? 200 : 503).send({ status, checks: results });
  });

  return app;
}

/**
 * Health checks, metric scrapes and the internal feeds services poll every few seconds: neither a
 * trace, nor a log line, nor a request metric per call, or they would drown the requests people make.
 */
function isPlumbing(url: string): boolean {
  return (
    url.startsWith('/health/') ||
    url.startsWith('/internal/') ||
    url === '/metrics' ||
    url.startsWith('/metrics?')
  );
}

/** EventSource asks for `text/event-stream`: such a request is a stream, open for minutes. */
function isEventStreamRequest(request: FastifyRequest): boolean {
  return (request.headers.accept ?? '').includes('text/event-stream');
}

/** Starts a server span for each request and keeps its context through Fastify's async lifecycle. */
function tracedHandler(
  handler: http.RequestListener,
  isUntraced?: ServerOptions['isUntraced'],
): http.RequestListener {
  return (request, response) => {
    const url = request.url ?? '';
    if (isPlumbing(url) || isUntraced?.(request.method ?? 'GET', url))
      return handler(request, response);
    const parent = contextFromHeaders(request.headers);
    const span = tracer().startSpan(
      `${request.method} ${request.url?.split('?')[0]}`,
      {
        kind: SpanKind.SERVER,
        attributes: {
          'http.request.method': request.method ?? 'GET',
          'url.path': request.url ?? '/',
        },
      },
      parent,
    );
    const active = trace.setSpan(parent, span);
    // No context.bind(request) needed: the body's events keep this context (a test guards it).
    response.once('close', () => {
      span.setAttribute('http.response.status_code', response.statusCode);
      if (response.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    context.with(active, () => handler(request, response));
  };
}

const JSON_CHARSET = /^application\/(?:[\w.+-]+\+)?json\s*;(?:.*;)?\s*charset\s*=\s*"?([\w-]+)/i;

/**
 * JSON travels as UTF-8 (RFC 8259); a body declared in another charset would be read as UTF-8
 * anyway and stored garbled, so it is refused before it is read.
 */
async function refuseNonUtf8Json(request: FastifyRequest): Promise<void> {
  const charset = JSON_CHARSET.exec(request.headers['content-type'] ?? '')?.[1]?.toLowerCase();
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    throw new AppError(
      'unsupported_media_type',
      'A JSON body must be UTF-8: send application/json; charset=utf-8, or no charset',
    );
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
