import { Type, type Static } from '@sinclair/typebox';
import { Currency, MinorUnits, Timestamp, Uuid } from './common.js';

// Order service contracts. HTTP bodies and replies are added beside the events by the order service.

export const OrderStatus = Type.Union(
  ['PENDING', 'AWAITING_PAYMENT', 'PAID', 'SHIPPED', 'DELIVERED', 'CANCELLED', 'REJECTED'].map((status) => Type.Literal(status)),
);
export type OrderStatus = 'PENDING' | 'AWAITING_PAYMENT' | 'PAID' | 'SHIPPED' | 'DELIVERED' | 'CANCELLED' | 'REJECTED';

const OrderLine = Type.Object({
  productId: Uuid,
  name: Type.String(),
  unitPrice: MinorUnits,
  quantity: Type.Integer({ minimum: 1 }),
});

const Who = { orderId: Uuid, userId: Uuid };

export const orderEvents = {
  /** Starts the saga: the product service reserves stock for every line. */
  'order.placed': Type.Object({ ...Who, items: Type.Array(OrderLine), total: MinorUnits, currency: Currency, placedAt: Timestamp }),
  /** Stock is reserved; the client has until `payBy` to pay. */
  'order.awaiting_payment': Type.Object({ ...Who, total: MinorUnits, currency: Currency, payBy: Timestamp }),
  'order.rejected': Type.Object({ ...Who, reason: Type.String() }),
  'order.paid': Type.Object({
    ...Who,
    paymentId: Uuid,
    total: MinorUnits,
    currency: Currency,
    items: Type.Array(Type.Object({ productId: Uuid, quantity: Type.Integer({ minimum: 1 }) })),
  }),
  'order.shipped': Type.Object(Who),
  'order.delivered': Type.Object(Who),
  /** Stock is released; when `wasPaid`, the payment service refunds the charge. */
  'order.cancelled': Type.Object({
    ...Who,
    reason: Type.String(),
    wasPaid: Type.Boolean(),
    cancelledBy: Type.Union([Type.Literal('client'), Type.Literal('admin'), Type.Literal('system')]),
  }),
  /** A charge arrived for an order that can no longer take it (cancelled, or paid twice): refund it. */
  'order.refund_requested': Type.Object({ ...Who, paymentId: Uuid, reason: Type.String() }),
};

export type OrderLineEvent = Static<typeof OrderLine>;
