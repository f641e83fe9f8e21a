import type { FastifyInstance, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { AppError } from '../errors.js';
import { bearerToken, type Principal, type TokenVerifier } from './verifier.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the auth hooks when the request carries a valid access token. */
    principal: Principal | null;
  }
  interface FastifyInstance {
    /** onRequest hook: 401 without a valid access token. */
    requireUser: onRequestAsyncHookHandler;
    /** onRequest hook: 401 without a valid token, 403 unless the caller is an ADMIN. */
    requireAdmin: onRequestAsyncHookHandler;
    /** onRequest hook: identifies the caller when a valid token is sent, stays anonymous otherwise. */
    identifyUser: onRequestAsyncHookHandler;
  }
}

/**
 * Role checks in every service, not only at the gateway: each service verifies the token itself
 * and never trusts identity headers.
 */
export function installAuth(app: FastifyInstance, verifier: TokenVerifier): void {
  app.decorateRequest('principal', null);

  async function authenticate(request: FastifyRequest): Promise<Principal> {
    const token = bearerToken(request.headers.authorization);
    if (!token)
      throw new AppError('unauthorized', 'A bearer access token is required', {
        headers: { 'www-authenticate': 'Bearer' },
      });
    const principal = await verifier.verify(token);
    request.principal = principal;
    return principal;
  }

  app.decorate('requireUser', async (request: FastifyRequest) => {
    await authenticate(request);
  });

  app.decorate('requireAdmin', async (request: FastifyRequest) => {
    const principal = await authenticate(request);
    if (!principal.isAdmin) throw new AppError('forbidden', 'This action needs the ADMIN role');
  });

  app.decorate('identifyUser', async (request: FastifyRequest) => {
    if (!request.headers.authorization) return;
    try {
      await authenticate(request);
    } catch {
      request.principal = null;
    }
  });
}

/** The authenticated caller of a route guarded by requireUser or requireAdmin. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new AppError('unauthorized', 'A bearer access token is required');
  return request.principal;
}
