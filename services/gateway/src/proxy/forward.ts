import type { OutgoingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Dispatcher } from 'undici';
import { isEventStreamRoute } from '../edge/edge-auth.js';
import { clientResponseHeaders, upstreamRequestHeaders } from './forward-headers.js';
import type { UpstreamService } from './route-table.js';
import type { Upstream } from './upstream.js';

/**
 * Streams a request to the service that owns it and its reply back, both without buffering.
 * The event stream gets no body timeout: it stays open for as long as the browser listens.
 */
export async function forwardToService(
  upstream: Upstream,
  request: FastifyRequest,
  reply: FastifyReply,
  service: UpstreamService,
  path: string,
): Promise<FastifyReply> {
  const isEventStream = isEventStreamRoute(request.method, path);

  // A client that leaves stops the upstream work it started.
  const abort = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) abort.abort();
  });

  let response: Dispatcher.ResponseData;
  try {
    response = await upstream.send({
      service,
      method: request.method as Dispatcher.HttpMethod,
      path: request.url,
      headers: upstreamRequestHeaders(request),
      body: request.body as Readable | undefined,
      bodyTimeoutMs: isEventStream ? 0 : undefined,
      signal: abort.signal,
    });
  } catch (error) {
    if (abort.signal.aborted) return reply;
    throw error;
  }

  reply.code(response.statusCode).headers(clientResponseHeaders(response.headers));
  if (isEventStreamReply(response)) return streamEvents(request, reply, response);
  if (request.method === 'HEAD' || response.statusCode === 204 || response.statusCode === 304) {
    await response.body.dump();
    return reply.send();
  }
  return reply.send(response.body);
}

function isEventStreamReply(response: Dispatcher.ResponseData): boolean {
  const type = response.headers['content-type'];
  return typeof type === 'string' && type.startsWith('text/event-stream');
}

/**
 * Fastify writes a streamed reply's head with its first chunk; an event stream may stay silent
 * for a long time, so the head is written and flushed at once and the events piped as they come.
 */
function streamEvents(request: FastifyRequest, reply: FastifyReply, response: Dispatcher.ResponseData): FastifyReply {
  reply.hijack();
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) headers[name] = value;
  reply.raw.writeHead(response.statusCode, headers);
  reply.raw.flushHeaders();
  const openedAt = Date.now();
  pipeline(response.body, reply.raw)
    .catch(() => {
      // The browser left or the service went away: both ends are closed by pipeline.
    })
    .finally(() => request.log.info({ url: request.url, ms: Date.now() - openedAt }, 'event stream closed'));
  return reply;
}
