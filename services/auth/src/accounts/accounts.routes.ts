import { Type } from '@sinclair/typebox';
import {
  AuthTokens,
  ChangePasswordBody,
  LoginBody,
  Me,
  Problem,
  RegisterBody,
} from '@souk/contracts';
import { principalOf, type App } from '@souk/platform';
import type { AuthContext } from '../context.js';
import { changePassword, getProfile, logIn, registerUser } from './accounts.service.js';

const tags = ['accounts'];
const security = [{ bearer: [] }];

export function accountRoutes(app: App, context: AuthContext): void {
  app.post(
    '/api/auth/register',
    {
      schema: {
        tags,
        summary: 'Create a CLIENT account and log it in',
        body: RegisterBody,
        response: { 201: AuthTokens, 400: Problem, 409: Problem },
      },
    },
    async (request, reply) => reply.status(201).send(await registerUser(context, request.body)),
  );

  app.post(
    '/api/auth/login',
    {
      schema: {
        tags,
        summary:
          'Exchange email and password for tokens (failures limited per address and per account and address; delayed per account)',
        body: LoginBody,
        response: { 200: AuthTokens, 401: Problem, 403: Problem, 429: Problem },
      },
    },
    async (request) => logIn(context, request.body, request.ip),
  );

  app.get(
    '/api/auth/me',
    {
      onRequest: app.requireUser,
      schema: {
        tags,
        security,
        summary: 'The caller’s own account',
        response: { 200: Me, 401: Problem },
      },
    },
    async (request) => getProfile(context, principalOf(request)),
  );

  app.post(
    '/api/auth/password',
    {
      onRequest: app.requireUser,
      schema: {
        tags,
        security,
        summary: 'Change the password; ends the account’s other sessions',
        body: ChangePasswordBody,
        response: { 204: Type.Null(), 400: Problem, 401: Problem, 429: Problem },
      },
    },
    async (request, reply) => {
      await changePassword(context, principalOf(request), request.body, request.ip);
      return reply.status(204).send(null);
    },
  );
}
