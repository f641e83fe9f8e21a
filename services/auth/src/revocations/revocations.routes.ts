import { RevocationFeed, RevocationFeedQuery } from '@souk/contracts';
import { REVOCATIONS_PATH, type App } from '@souk/platform';
import type { AuthContext } from '../context.js';
import { readRevocationFeed } from './revocations.service.js';

/**
 * The feed every token verifier syncs from (the gateway and each service, every few seconds).
 * It lives outside /api, so the gateway never forwards it: only peers inside the platform reach
 * it. It names user and session ids, no secret: knowing that a session ended grants nothing.
 */
export function revocationRoutes(app: App, context: AuthContext): void {
  app.get(
    REVOCATIONS_PATH,
    {
      schema: {
        hide: true,
        summary: 'Recent revocations (token versions raised, sessions ended) for token verifiers',
        querystring: RevocationFeedQuery,
        response: { 200: RevocationFeed },
      },
    },
    async (request) => readRevocationFeed(context, request.query.since),
  );
}
