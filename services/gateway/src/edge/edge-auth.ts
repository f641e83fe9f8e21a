import type { FastifyRequest } from 'fastify';
import {
  AppError,
  bearerToken,
  JWKS_PATH,
  type Principal,
  type TokenVerifier,
} from '@souk/platform';
import { areaOf } from '../proxy/route-table.js';

/** The one route where a browser's EventSource, which cannot send headers, may pass its token in the query. */
export const EVENT_STREAM_PATH = '/api/notifications/stream';
const ACCESS_TOKEN_PARAM = 'access_token';

const PUBLIC_READ_AREAS: ReadonlySet<string> = new Set(['products', 'categories', 'images']);
const PUBLIC_AUTH_POSTS: ReadonlySet<string> = new Set([
  '/api/auth/register',
  '/api/auth/login',
  '/api/auth/refresh',
  '/api/auth/logout',
  '/api/auth/password-reset',
  '/api/auth/password-reset/confirm',
]);

/** Routes anyone may call without a token: catalog reads, account entry points and the JWKS. */
export function isPublicRoute(method: string, path: string): boolean {
  if (method === 'GET' || method === 'HEAD') {
    const area = areaOf(path);
    if (area === 'images') return path.length > '/api/images/'.length;
    return (area !== undefined && PUBLIC_READ_AREAS.has(area)) || path === JWKS_PATH;
  }
  return method === 'POST' && PUBLIC_AUTH_POSTS.has(path);
}

export function isEventStreamRoute(method: string, path: string): boolean {
  return method === 'GET' && path === EVENT_STREAM_PATH;
}

/**
 * On the event stream only, moves `?access_token=` into the Authorization header (unless one was
 * sent) and out of the URL, so the token neither reaches the service as a query parameter nor
 * appears in any log line.
 */
export function adoptQueryToken(request: FastifyRequest, path: string): void {
  if (!isEventStreamRoute(request.method, path) || !request.url.includes(`${ACCESS_TOKEN_PARAM}=`))
    return;
  const token = queryParam(request.url, ACCESS_TOKEN_PARAM);
  request.raw.url = withoutAccessToken(request.url);
  if (token !== undefined && request.headers.authorization === undefined)
    request.headers.authorization = `Bearer ${token}`;
}

/** The caller, or a 401 unless the token is one the auth service signed, is unexpired and is meant for us. */
export async function authenticateAtEdge(
  verifier: TokenVerifier,
  authorization: string | undefined,
): Promise<Principal> {
  const token = bearerToken(authorization);
  if (token === undefined) {
    throw new AppError('unauthorized', 'A bearer access token is required', {
      headers: { 'www-authenticate': 'Bearer' },
    });
  }
  return verifier.verify(token);
}

/** The URL without `access_token`, so the token does not travel (or get logged) as a query parameter. */
export function withoutAccessToken(url: string): string {
  const start = url.indexOf('?');
  if (start === -1) return url;
  const kept = url
    .slice(start + 1)
    .split('&')
    .filter((pair) => pair !== '' && nameOf(pair) !== ACCESS_TOKEN_PARAM);
  return kept.length === 0 ? url.slice(0, start) : `${url.slice(0, start)}?${kept.join('&')}`;
}

function queryParam(url: string, name: string): string | undefined {
  const start = url.indexOf('?');
  if (start === -1) return undefined;
  let found: string | undefined;
  for (const pair of url.slice(start + 1).split('&')) {
    if (nameOf(pair) !== name) continue;
    // Two tokens are ambiguous: refuse rather than pick one.
    if (found !== undefined) return undefined;
    found = safeDecode(pair.slice(name.length + 1));
  }
  return found;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function nameOf(pair: string): string {
  const equals = pair.indexOf('=');
  return equals === -1 ? pair : pair.slice(0, equals);
}
