import { Type } from '@sinclair/typebox';
import { AuthTokens, Problem, RefreshTokenBody } from '@souk/contracts';
import type { App } from '@souk/platform';
import type { AuthContext } from '../context.js';
import { endSession, refreshSession } from './sessions.service.js';

const tags = ['sessions'];

export function sessionRoutes(app: App, context: AuthContext): void {
  app.post(
    '/api/auth/refresh',
    {
      schema: {
        tags,
        summary:
          'Swap a refresh token for a new pair (the old one stops working; reusing it ends the session)',
        body: RefreshTokenBody,
        response: { 200: AuthTokens, 401: Problem },
      },
    },
    async (request) => refreshSession(context, request.body.refreshToken),
  );

  app.post(
    '/api/auth/logout',
    {
      schema: {
        tags,
        summary: 'End the session the refresh token belongs to',
        body: RefreshTokenBody,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await endSession(context, request.body.refreshToken);
      return reply.status(204).send(null);
    },
  );
}
