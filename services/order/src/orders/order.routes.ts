import {
  CancelOrderBody,
  ChangeOrderStatusBody,
  IdParams,
  ListOrdersQuery,
  Order,
  OrderPage,
  PlaceOrderBody,
  Problem,
} from '@souk/contracts';
import { principalOf, type App } from '@souk/platform';
import type { OrderContext } from '../context.js';
import {
  cancelOrder,
  changeOrderStatus,
  getOrder,
  listOrders,
  placeOrder,
} from './order.service.js';

const tags = ['orders'];
const security = [{ bearer: [] }];
const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem };

export function orderRoutes(app: App, ctx: OrderContext): void {
  app.post(
    '/api/orders',
    {
      onRequest: app.requireUser,
      schema: {
        tags,
        security,
        summary: 'Place an order (Idempotency-Key header required)',
        description:
          'Names and prices come from the catalog. The same key with the same body replays the first reply; ' +
          'with another body it is a 422; without a key a 400. The order starts PENDING until stock answers. ' +
          'A line over MAX_UNITS_PER_LINE units is a 400 (`maxUnitsPerLine`); while the client has MAX_UNPAID_ORDERS_PER_CLIENT ' +
          'unpaid orders, a new one is a 409 (`unpaidOrders`, `maxUnpaidOrders`).',
        body: PlaceOrderBody,
        response: {
          201: Order,
          400: Problem,
          401: Problem,
          409: Problem,
          422: Problem,
          502: Problem,
          503: Problem,
        },
      },
    },
    async (request, reply) => {
      const key = request.headers['idempotency-key'];
      const result = await placeOrder(
        ctx,
        principalOf(request),
        typeof key === 'string' ? key : undefined,
        request.body,
      );
      if (result.replayed) reply.header('idempotent-replayed', 'true');
      return reply.status(result.status as 201).send(result.body);
    },
  );

  app.get(
    '/api/orders',
    {
      onRequest: app.requireUser,
      schema: {
        tags,
        security,
        summary: 'My orders, newest first (admin: every order, with filters)',
        querystring: ListOrdersQuery,
        response: { 200: OrderPage, 400: Problem, 401: Problem },
      },
    },
    async (request) => listOrders(ctx, principalOf(request), request.query),
  );

  app.get(
    '/api/orders/:id',
    {
      onRequest: app.requireUser,
      schema: {
        tags,
        security,
        summary: 'One order with its lines and history',
        params: IdParams,
        response: { 200: Order, ...errors },
      },
    },
    async (request) => getOrder(ctx, principalOf(request), request.params.id),
  );

  app.post(
    '/api/orders/:id/cancel',
    {
      onRequest: app.requireUser,
      // The body is optional: a bare POST cancels without a reason.
      preValidation: async (request) => {
        request.body ??= {};
      },
      schema: {
        tags,
        security,
        summary:
          'Cancel an order (owner before it ships; admin also once shipped); refunded when paid',
        params: IdParams,
        body: CancelOrderBody,
        response: { 200: Order, 409: Problem, ...errors },
      },
    },
    async (request) =>
      cancelOrder(ctx, principalOf(request), request.params.id, request.body.reason),
  );

  app.patch(
    '/api/orders/:id/status',
    {
      onRequest: app.requireAdmin,
      schema: {
        tags,
        security,
        summary: 'Ship or deliver an order (ADMIN): PAID -> SHIPPED -> DELIVERED',
        params: IdParams,
        body: ChangeOrderStatusBody,
        response: { 200: Order, 409: Problem, ...errors },
      },
    },
    async (request) => changeOrderStatus(ctx, request.params.id, request.body),
  );
}
