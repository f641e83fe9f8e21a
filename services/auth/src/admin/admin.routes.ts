import {
  AdminUser,
  IdParams,
  Problem,
  UpdateUserBody,
  UserListQuery,
  UserPage,
} from '@souk/contracts';
import { principalOf, type App } from '@souk/platform';
import type { AuthContext } from '../context.js';
import { getUser, listUsers, updateUser } from './admin.service.js';

const tags = ['admin'];
const security = [{ bearer: [] }];
const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem };

export function adminRoutes(app: App, context: AuthContext): void {
  app.get(
    '/api/auth/users',
    {
      onRequest: app.requireAdmin,
      schema: {
        tags,
        security,
        summary: 'Search accounts (ADMIN), newest first',
        querystring: UserListQuery,
        response: { 200: UserPage, ...errors },
      },
    },
    async (request) => listUsers(context, request.query),
  );

  app.get(
    '/api/auth/users/:id',
    {
      onRequest: app.requireAdmin,
      schema: {
        tags,
        security,
        summary: 'One account (ADMIN)',
        params: IdParams,
        response: { 200: AdminUser, ...errors },
      },
    },
    async (request) => getUser(context, request.params.id),
  );

  app.patch(
    '/api/auth/users/:id',
    {
      onRequest: app.requireAdmin,
      schema: {
        tags,
        security,
        summary:
          'Change roles or disable/enable an account (ADMIN); 409 when it would lock the shop out',
        params: IdParams,
        body: UpdateUserBody,
        response: { 200: AdminUser, ...errors, 409: Problem },
      },
    },
    async (request) => updateUser(context, principalOf(request), request.params.id, request.body),
  );
}
