import { Type, type Static } from '@sinclair/typebox';
import { PostalAddressReply, ShippingAddress } from './client.js';
import {
  CalendarDate,
  Currency,
  DEFAULT_CURRENCY,
  MinorUnits,
  Page,
  PageQuery,
  StrictObject,
  Timestamp,
  Uuid,
} from './common.js';

// Order service contracts. HTTP bodies and replies are added beside the events by the order service.

export type OrderStatus =
  'PENDING' | 'AWAITING_PAYMENT' | 'PAID' | 'SHIPPED' | 'DELIVERED' | 'CANCELLED' | 'REJECTED';
export const ORDER_STATUSES: readonly OrderStatus[] = [
  'PENDING',
  'AWAITING_PAYMENT',
  'PAID',
  'SHIPPED',
  'DELIVERED',
  'CANCELLED',
  'REJECTED',
];
export const OrderStatus = Type.Union(ORDER_STATUSES.map((status) => Type.Literal(status)));

const OrderLine = Type.Object({
  productId: Uuid,
  name: Type.String(),
  unitPrice: MinorUnits,
  quantity: Type.Integer({ minimum: 1 }),
});

const Who = { orderId: Uuid, userId: Uuid };

export const orderEvents = {
  /** Starts the saga: the product service reserves stock for every line. */
  'order.placed': Type.Object({
    ...Who,
    items: Type.Array(OrderLine),
    total: MinorUnits,
    currency: Currency,
    placedAt: Timestamp,
  }),
  /** Stock is reserved; the client has until `payBy` to pay. */
  'order.awaiting_payment': Type.Object({
    ...Who,
    total: MinorUnits,
    currency: Currency,
    payBy: Timestamp,
  }),
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
    cancelledBy: Type.Union([
      Type.Literal('client'),
      Type.Literal('admin'),
      Type.Literal('system'),
    ]),
  }),
  /** A charge arrived for an order that can no longer take it (cancelled, or paid twice): refund it. */
  'order.refund_requested': Type.Object({ ...Who, paymentId: Uuid, reason: Type.String() }),
};

export type OrderLineEvent = Static<typeof OrderLine>;

// ---------- HTTP: cart ----------

const Quantity = Type.Integer({ minimum: 1, maximum: 99 });
/** Largest number of lines in a cart or an order. */
export const MAX_ORDER_LINES = 50;

export const CartItem = Type.Object({
  productId: Uuid,
  name: Type.String(),
  /** Current catalog price, in minor units. */
  unitPrice: MinorUnits,
  currency: Type.String(),
  quantity: Type.Integer(),
  lineTotal: MinorUnits,
  /** Units the catalog has for sale right now. */
  stock: Type.Integer(),
  /** Whether the catalog can serve this quantity right now (stock >= quantity). */
  available: Type.Boolean(),
});
export type CartItem = Static<typeof CartItem>;

export const Cart = Type.Object({
  items: Type.Array(CartItem),
  total: MinorUnits,
  currency: Type.String(),
});
export type Cart = Static<typeof Cart>;

export const CartItemParams = StrictObject({ productId: Uuid });
export const PutCartItemBody = StrictObject({ quantity: Quantity });
export type PutCartItemBody = Static<typeof PutCartItemBody>;

// ---------- HTTP: orders ----------

/** Only product and quantity: names and prices come from the catalog, never from the client. */
export const PlaceOrderBody = StrictObject({
  items: Type.Array(StrictObject({ productId: Uuid, quantity: Quantity }), {
    minItems: 1,
    maxItems: MAX_ORDER_LINES,
  }),
  shippingAddress: ShippingAddress,
});
export type PlaceOrderBody = Static<typeof PlaceOrderBody>;

export const OrderItem = Type.Object({
  productId: Uuid,
  name: Type.String(),
  unitPrice: MinorUnits,
  quantity: Type.Integer(),
  lineTotal: MinorUnits,
});
export type OrderItem = Static<typeof OrderItem>;

export const OrderHistoryEntry = Type.Object({
  status: OrderStatus,
  at: Timestamp,
  reason: Type.Optional(Type.String()),
});
export type OrderHistoryEntry = Static<typeof OrderHistoryEntry>;

export const Order = Type.Object({
  id: Uuid,
  userId: Uuid,
  status: OrderStatus,
  items: Type.Array(OrderItem),
  total: MinorUnits,
  currency: Type.String(),
  shippingAddress: PostalAddressReply,
  /** The charge that paid the order, once PAID. */
  paymentId: Type.Union([Uuid, Type.Null()]),
  /** Unpaid orders are cancelled after this moment. */
  payBy: Timestamp,
  createdAt: Timestamp,
  updatedAt: Timestamp,
  /** The tracking timeline, oldest first. */
  history: Type.Array(OrderHistoryEntry),
});
export type Order = Static<typeof Order>;

export const OrderPage = Page(Order);
export type OrderPage = Static<typeof OrderPage>;

const DateOrDateTime = Type.Union([CalendarDate, Timestamp]);

export const ListOrdersQuery = StrictObject({
  status: Type.Optional(OrderStatus),
  /** Admin only in effect: a client only ever sees their own orders. */
  userId: Type.Optional(Uuid),
  /** Created at or after (a date means its start, UTC). */
  from: Type.Optional(DateOrDateTime),
  /** Created at or before (a date means up to its end, UTC). */
  to: Type.Optional(DateOrDateTime),
  ...PageQuery,
});
export type ListOrdersQuery = Static<typeof ListOrdersQuery>;

export const CancelOrderBody = StrictObject({
  reason: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
});
export type CancelOrderBody = Static<typeof CancelOrderBody>;

export const ChangeOrderStatusBody = StrictObject({
  status: Type.Union([Type.Literal('SHIPPED'), Type.Literal('DELIVERED')]),
});
export type ChangeOrderStatusBody = Static<typeof ChangeOrderStatusBody>;

// ---------- HTTP: admin figures ----------

export const OrderStatsQuery = StrictObject({
  days: Type.Integer({ minimum: 1, maximum: 366, default: 30 }),
  currency: Type.Optional(
    Type.String({
      pattern: '^[A-Z]{3}$',
      maxLength: 3,
      description: `Figures in this currency only (default ${DEFAULT_CURRENCY})`,
    }),
  ),
});
export type OrderStatsQuery = Static<typeof OrderStatsQuery>;

export const OrderStats = Type.Object({
  /** Paid orders by the UTC day they were paid, every day of the window (zero-filled), oldest first. */
  revenuePerDay: Type.Array(
    Type.Object({ date: CalendarDate, revenue: MinorUnits, orders: Type.Integer() }),
  ),
  /** Orders created in the window, by current status (every status present). */
  ordersByStatus: Type.Object(
    Object.fromEntries(ORDER_STATUSES.map((status) => [status, Type.Integer()])),
  ),
  /** The five products with the most revenue from orders paid in the window. */
  topProducts: Type.Array(
    Type.Object({
      productId: Uuid,
      name: Type.String(),
      quantity: Type.Integer(),
      revenue: MinorUnits,
    }),
  ),
  currency: Type.String(),
});
export type OrderStats = Static<typeof OrderStats>;
