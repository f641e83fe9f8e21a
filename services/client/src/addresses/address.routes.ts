import { Type } from '@sinclair/typebox';
import {
  Address,
  AddressIdParams,
  CreateAddressBody,
  Problem,
  UpdateAddressBody,
} from '@souk/contracts';
import { principalOf, type App } from '@souk/platform';
import type { ClientContext } from '../context.js';
import { addAddress, changeAddress, removeAddress } from './address.service.js';

const tags = ['addresses'];
const security = [{ bearer: [] }];
const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem };

/** The caller's saved addresses (the web app's checkout offers them). Someone else's address id answers 404. */
export function addressRoutes(app: App, context: ClientContext): void {
  app.post(
    '/api/clients/me/addresses',
    {
      onRequest: app.requireUser,
      schema: {
        tags,
        security,
        summary: 'Save an address (at most 10; the first one becomes the default)',
        body: CreateAddressBody,
        response: { 201: Address, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await addAddress(context, principalOf(request), request.body)),
  );

  app.patch(
    '/api/clients/me/addresses/:addressId',
    {
      onRequest: app.requireUser,
      schema: {
        tags,
        security,
        summary: 'Change a saved address, or make it the default',
        params: AddressIdParams,
        body: UpdateAddressBody,
        response: { 200: Address, ...errors },
      },
    },
    async (request) =>
      changeAddress(context, principalOf(request), request.params.addressId, request.body),
  );

  app.delete(
    '/api/clients/me/addresses/:addressId',
    {
      onRequest: app.requireUser,
      schema: {
        tags,
        security,
        summary: 'Delete a saved address (the oldest remaining one becomes the default)',
        params: AddressIdParams,
        response: { 204: Type.Null({ description: 'No content' }), ...errors },
      },
    },
    async (request, reply) => {
      await removeAddress(context, principalOf(request), request.params.addressId);
      return reply.status(204).send(null);
    },
  );
}
