import type { OutgoingHttpHeaders } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Dispatcher } from 'undici';
import { isEventStreamRoute } from '../edge/edge-auth.js';
import { clientResponseHeaders, upstreamRequestHeaders } from './forward-headers.js';
import type { OpenStreams } from './open-streams.js';
import type { UpstreamService } from './route-table.js';
import type { Upstream, UpstreamRequest } from './upstream.js';

/**
 * Forwards a request to the service that owns it, as nginx does with request and reply
 * buffering: the body has been read whole (up to the route's limit) before the service is
 * called, and the reply is read whole before it is sent on. A client that trickles its body or
 * reads its reply slowly holds its own socket, never a connection to a service.
 * The event stream is the exception: piped as it comes, on a pool of its own.
 */
export async function forwardToService(
  upstream: Upstream,
  request: FastifyRequest,
  reply: FastifyReply,
  service: UpstreamService,
  path: string,
  streams: OpenStreams,
): Promise<FastifyReply> {
  // A client that leaves stops the upstream work it started.
  const abort = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) abort.abort();
  });
  const outgoing: UpstreamRequest = {
    service,
    method: request.method,
    path: request.url,
    headers: upstreamRequestHeaders(request),
    body: request.body as Buffer | undefined,
    signal: abort.signal,
  };

  try {
    if (isEventStreamRoute(request.method, path))
      return await forwardEventStream(upstream, outgoing, request, reply, streams);
    const answer = await upstream.sendBuffered(outgoing);
    reply.code(answer.status).headers(clientResponseHeaders(answer.headers));
    if (request.method === 'HEAD' || answer.status === 204 || answer.status === 304)
      return reply.send();
    return reply.send(answer.body);
  } catch (error) {
    if (abort.signal.aborted) return reply;
    throw error;
  }
}

async function forwardEventStream(
  upstream: Upstream,
  outgoing: UpstreamRequest,
  request: FastifyRequest,
  reply: FastifyReply,
  streams: OpenStreams,
): Promise<FastifyReply> {
  const response = await upstream.openStream(outgoing);
  reply.code(response.statusCode).headers(clientResponseHeaders(response.headers));
  if (isEventStreamReply(response)) return streamEvents(request, reply, response, streams);
  // A refusal (401, 429...): a small problem document.
  return reply.send(Buffer.from(await response.body.arrayBuffer()));
}

function isEventStreamReply(response: Dispatcher.ResponseData): boolean {
  const type = response.headers['content-type'];
  return typeof type === 'string' && type.startsWith('text/event-stream');
}

/**
 * Fastify writes a streamed reply's head with its first chunk; an event stream may stay silent
 * for a long time, so the head is written and flushed at once and the events piped as they come.
 */
function streamEvents(
  request: FastifyRequest,
  reply: FastifyReply,
  response: Dispatcher.ResponseData,
  streams: OpenStreams,
): FastifyReply {
  reply.hijack();
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(reply.getHeaders()))
    if (value !== undefined) headers[name] = value;
  reply.raw.writeHead(response.statusCode, headers);
  reply.raw.flushHeaders();
  const openedAt = Date.now();
  streams.add(reply.raw, response.body);
  pipeline(response.body, reply.raw)
    .catch(() => {
      // The browser left or the service went away: both ends are closed by pipeline.
    })
    .finally(() =>
      request.log.info({ url: request.url, ms: Date.now() - openedAt }, 'event stream closed'),
    );
  return reply;
}
