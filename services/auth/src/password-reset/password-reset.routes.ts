import { Type } from '@sinclair/typebox';
import { PasswordResetBody, PasswordResetConfirmBody, Problem } from '@souk/contracts';
import type { App } from '@souk/platform';
import type { AuthContext } from '../context.js';
import { confirmPasswordReset, requestPasswordReset } from './password-reset.service.js';

const tags = ['accounts'];

export function passwordResetRoutes(app: App, context: AuthContext): void {
  app.post(
    '/api/auth/password-reset',
    {
      schema: {
        tags,
        summary:
          'Mail a password reset link (valid 30 minutes) to this address if an account has it; 202 either way',
        body: PasswordResetBody,
        response: { 202: Type.Null(), 400: Problem, 429: Problem },
      },
    },
    async (request, reply) => {
      await requestPasswordReset(context, request.body, request.ip);
      return reply.status(202).send(null);
    },
  );

  app.post(
    '/api/auth/password-reset/confirm',
    {
      schema: {
        tags,
        summary:
          "Set a new password with a reset link's token; ends every session of the account. A used, expired or unknown token: 400 with `reason`",
        body: PasswordResetConfirmBody,
        response: { 204: Type.Null(), 400: Problem, 403: Problem },
      },
    },
    async (request, reply) => {
      await confirmPasswordReset(context, request.body);
      return reply.status(204).send(null);
    },
  );
}
