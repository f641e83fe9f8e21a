import http from 'node:http';
import type { Socket } from 'node:net';
import type { ConnectionError, FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import type { Logger } from '../logger.js';
import { buildProblem, PROBLEM_CONTENT_TYPE, sendProblem, toAppError } from './problem.js';

/**
 * Errors Fastify answers before any route or hook runs (a malformed percent-encoding, a path
 * parameter past maxParamLength): the same problem+json as every other error.
 */
export function frameworkErrorHandler(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  sendProblem(request, reply, toAppError(error));
}

/**
 * Node's HTTP parser refuses a request before Fastify sees it (bad syntax, headers past the size
 * limit, a request or its headers too slow): the answer is written on the raw socket, so it is
 * built here, as problem+json, and the connection is closed.
 */
export function createClientErrorHandler(logger: Logger) {
  return function clientErrorHandler(error: ConnectionError, socket: Socket): void {
    // A reset connection has no one left to answer.
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const appError = clientProblem(error.code);
    logger.debug({ err: error, status: appError.status }, 'client error');
    if (socket.writable) {
      const body = JSON.stringify(buildProblem(appError, requestPath(error.rawPacket)));
      socket.write(
        [
          `HTTP/1.1 ${appError.status} ${http.STATUS_CODES[appError.status]}`,
          `Content-Type: ${PROBLEM_CONTENT_TYPE}`,
          `Content-Length: ${Buffer.byteLength(body)}`,
          'Connection: close',
          '',
          body,
        ].join('\r\n'),
      );
    }
    socket.destroy();
  };
}

function clientProblem(code: string | undefined): AppError {
  switch (code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
    case 'ERR_HTTP_HEADERS_TIMEOUT':
      return new AppError('request_timeout', 'The request did not arrive in time');
    case 'HPE_HEADER_OVERFLOW':
      return new AppError(
        'headers_too_large',
        'The request headers are larger than this server accepts',
      );
    default:
      return new AppError('validation_failed', 'The request is not valid HTTP/1.1');
  }
}

/** The path of the refused request when its first line got through, for the problem's `instance`. */
function requestPath(rawPacket: unknown): string {
  // Node gives the unparsed bytes as a Buffer (Fastify's type describes their JSON form).
  if (!Buffer.isBuffer(rawPacket)) return '/';
  const firstLine = rawPacket.subarray(0, 2048).toString('latin1').split('\r\n', 1)[0] ?? '';
  const target = /^[A-Z]+ (\/[^\s?#]*)/.exec(firstLine)?.[1];
  return target ?? '/';
}
