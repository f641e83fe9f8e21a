import { Type } from '@sinclair/typebox';
import {
  ClientListQuery,
  ClientPage,
  ClientProfile,
  ClientStats,
  IdParams,
  Problem,
  UpdateClientBody,
} from '@souk/contracts';
import type { App } from '@souk/platform';
import type { ClientContext } from '../context.js';
import {
  deleteClient,
  getClient,
  getClientStats,
  listClients,
  updateClient,
} from './admin.service.js';

const tags = ['clients (admin)'];
const security = [{ bearer: [] }];
const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem };

/** Client administration; every route checks the ADMIN role here, not only at the gateway. */
export function adminRoutes(app: App, context: ClientContext): void {
  app.get(
    '/api/clients',
    {
      onRequest: app.requireAdmin,
      schema: {
        tags,
        security,
        summary: 'Search clients by name or email (ADMIN), newest first',
        querystring: ClientListQuery,
        response: { 200: ClientPage, 400: Problem, 401: Problem, 403: Problem },
      },
    },
    async (request) => listClients(context, request.query),
  );

  app.get(
    '/api/clients/stats',
    {
      onRequest: app.requireAdmin,
      schema: {
        tags,
        security,
        summary: 'Client figures for the dashboard (ADMIN)',
        response: { 200: ClientStats, 401: Problem, 403: Problem },
      },
    },
    async () => getClientStats(context),
  );

  app.get(
    '/api/clients/:id',
    {
      onRequest: app.requireAdmin,
      schema: {
        tags,
        security,
        summary: 'One client with addresses (ADMIN)',
        params: IdParams,
        response: { 200: ClientProfile, ...errors },
      },
    },
    async (request) => getClient(context, request.params.id),
  );

  app.patch(
    '/api/clients/:id',
    {
      onRequest: app.requireAdmin,
      schema: {
        tags,
        security,
        summary: "Change a client's name or phone (ADMIN); 409 once deleted",
        params: IdParams,
        body: UpdateClientBody,
        response: { 200: ClientProfile, ...errors, 409: Problem },
      },
    },
    async (request) => updateClient(context, request.params.id, request.body),
  );

  app.delete(
    '/api/clients/:id',
    {
      onRequest: app.requireAdmin,
      schema: {
        tags,
        security,
        summary:
          'Delete a client (ADMIN): the profile is kept, marked deleted, and the account is disabled through client.deleted',
        params: IdParams,
        response: { 204: Type.Null({ description: 'No content' }), ...errors },
      },
    },
    async (request, reply) => {
      await deleteClient(context, request.params.id);
      return reply.status(204).send(null);
    },
  );
}
