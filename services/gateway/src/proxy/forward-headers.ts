import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyRequest } from 'fastify';
import { injectTraceHeaders } from '@souk/platform';

/**
 * Header prefixes that would carry a caller's identity between services. Nothing downstream
 * trusts them (every service verifies the token itself), and the gateway drops them all from
 * incoming requests so no service can ever be fooled into reading one.
 */
export const IDENTITY_HEADER_PREFIXES: readonly string[] = [
  'x-user-',
  'x-internal-',
  'x-auth-',
  'x-roles',
  'x-client-id',
];

/** Connection-scoped headers (RFC 9110 section 7.6.1) that a proxy never passes on. */
const HOP_BY_HOP: ReadonlySet<string> = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'http2-settings',
]);

/** Request headers the gateway sets itself: whatever the client sent is dropped first. */
const SET_BY_GATEWAY: ReadonlySet<string> = new Set([
  'host',
  'forwarded',
  'x-forwarded-for',
  'x-forwarded-proto',
  'x-forwarded-host',
  'x-forwarded-port',
  'x-real-ip',
  'x-request-id',
  'traceparent',
  'tracestate',
  // Answered by the gateway's own server; undici refuses to send it.
  'expect',
  // The body goes on whole (or not at all, on a GET): undici counts it.
  'content-length',
]);

export function isIdentityHeader(name: string): boolean {
  for (const prefix of IDENTITY_HEADER_PREFIXES) if (name.startsWith(prefix)) return true;
  return false;
}

export type OutgoingHeaders = Record<string, string | string[]>;

export interface UpstreamHeaderOptions {
  /** Cache fills ask for an uncompressed body, since any client may be served from it. */
  dropAcceptEncoding?: boolean;
}

/** The headers sent upstream: the client's, cleaned, plus forwarding, request id and trace context. */
export function upstreamRequestHeaders(
  request: FastifyRequest,
  options: UpstreamHeaderOptions = {},
): OutgoingHeaders {
  const incoming = request.headers;
  const listed = connectionTokens(incoming.connection);
  const headers: OutgoingHeaders = {};
  for (const name in incoming) {
    const value = incoming[name];
    if (
      value === undefined ||
      HOP_BY_HOP.has(name) ||
      SET_BY_GATEWAY.has(name) ||
      isIdentityHeader(name)
    )
      continue;
    if (listed !== undefined && listed.has(name)) continue;
    headers[name] = value;
  }
  if (options.dropAcceptEncoding) delete headers['accept-encoding'];
  headers['x-forwarded-for'] = request.ip;
  headers['x-forwarded-proto'] = request.protocol;
  headers['x-forwarded-host'] = request.host;
  headers['x-request-id'] = request.id;
  injectTraceHeaders(headers as Record<string, string>);
  return headers;
}

/** The upstream reply's headers that go back to the client. */
export function clientResponseHeaders(upstream: IncomingHttpHeaders): OutgoingHeaders {
  const listed = connectionTokens(upstream.connection);
  const headers: OutgoingHeaders = {};
  for (const name in upstream) {
    const value = upstream[name];
    if (value === undefined || HOP_BY_HOP.has(name) || name === 'x-request-id') continue;
    if (listed !== undefined && listed.has(name)) continue;
    headers[name] = value;
  }
  return headers;
}

function connectionTokens(header: string | string[] | undefined): Set<string> | undefined {
  if (header === undefined) return undefined;
  const value = Array.isArray(header) ? header.join(',') : header;
  const tokens = value
    .split(',')
    .map((token) => token.trim().toLowerCase())
    .filter((token) => token !== '' && token !== 'close' && token !== 'keep-alive');
  return tokens.length > 0 ? new Set(tokens) : undefined;
}
