import { Type } from '@sinclair/typebox';
import {
  CreatePaymentBody,
  IdParams,
  ListPaymentsQuery,
  Payment,
  PaymentPage,
  Problem,
  TransactionLog,
} from '@souk/contracts';
import { principalOf, validationFailed, type App } from '@souk/platform';
import type { PaymentContext } from '../context.js';
import {
  getPayment,
  listAllPayments,
  listOrderTransactions,
  payForOrder,
} from './payments.service.js';

const tags = ['payments'];
const security = [{ bearer: [] }];
const problems = {
  400: Problem,
  401: Problem,
  403: Problem,
  404: Problem,
  409: Problem,
  422: Problem,
  503: Problem,
};

export function paymentRoutes(app: App, ctx: PaymentContext): void {
  app.post(
    '/api/payments',
    {
      onRequest: app.requireUser,
      schema: {
        tags,
        security,
        summary: 'Pay an order awaiting payment with a card (Idempotency-Key required)',
        headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ maxLength: 128 })) }),
        body: CreatePaymentBody,
        response: { 201: Payment, ...problems },
      },
    },
    async (request, reply) => {
      const key = request.headers['idempotency-key'];
      const result = await payForOrder(
        ctx,
        principalOf(request),
        typeof key === 'string' ? key : undefined,
        request.body,
      );
      if (result.replayed) reply.header('idempotent-replayed', 'true');
      return reply.status(result.status).send(result.payment);
    },
  );

  app.get(
    '/api/payments/:id',
    {
      onRequest: app.requireUser,
      schema: {
        tags,
        security,
        summary: 'A payment (its owner or an admin)',
        params: IdParams,
        response: { 200: Payment, ...problems },
      },
    },
    async (request) => getPayment(ctx, principalOf(request), request.params.id),
  );

  app.get(
    '/api/payments',
    {
      onRequest: app.requireUser,
      schema: {
        tags,
        security,
        summary:
          "With orderId: that order's transaction log. Without: every payment, paged (admin)",
        querystring: ListPaymentsQuery,
        response: { 200: Type.Union([TransactionLog, PaymentPage]), ...problems },
      },
    },
    async (request) => {
      const { orderId, ...paging } = request.query;
      if (orderId === undefined) return listAllPayments(ctx, principalOf(request), paging);
      if (Object.keys(paging).length > 0)
        throw validationFailed('orderId cannot be combined with status, page or pageSize');
      return listOrderTransactions(ctx, principalOf(request), orderId);
    },
  );
}
