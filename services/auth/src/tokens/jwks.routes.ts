import { Jwks } from '@souk/contracts';
import { JWKS_PATH, type App } from '@souk/platform';
import type { AccessTokenIssuer } from './access-tokens.js';

export function jwksRoutes(app: App, accessTokens: AccessTokenIssuer): void {
  app.get(
    JWKS_PATH,
    {
      schema: {
        tags: ['tokens'],
        summary: 'Public keys that verify access tokens',
        response: { 200: Jwks },
      },
    },
    async (_request, reply) =>
      reply.header('cache-control', 'public, max-age=300').send(accessTokens.jwks()),
  );
}
