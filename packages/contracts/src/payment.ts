import { Type, type Static } from '@sinclair/typebox';
import { Currency, MinorUnits, Page, StrictObject, Timestamp, Uuid } from './common.js';

// Payment service contracts: the events it publishes, and its HTTP bodies and replies.

const Charge = {
  paymentId: Uuid,
  orderId: Uuid,
  userId: Uuid,
  amount: MinorUnits,
  currency: Currency,
};

export const paymentEvents = {
  'payment.succeeded': Type.Object({
    ...Charge,
    card: Type.Object({ brand: Type.String(), last4: Type.String() }),
  }),
  'payment.failed': Type.Object({ ...Charge, declineCode: Type.String() }),
  'payment.refunded': Type.Object({ ...Charge, refundId: Uuid, reason: Type.String() }),
};

// ---------- HTTP ----------

/**
 * PROCESSING while the card processor is being asked; SUCCEEDED or DECLINED by the processor;
 * FAILED when the charge never reached the processor (found by the recovery sweep); REFUNDED after
 * a successful charge was given back.
 */
export const PAYMENT_STATUSES = [
  'PROCESSING',
  'SUCCEEDED',
  'DECLINED',
  'FAILED',
  'REFUNDED',
] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];
export const PaymentStatus = Type.Union(PAYMENT_STATUSES.map((status) => Type.Literal(status)));

/** Card brands the payment service recognises from the number. */
export const CardBrand = Type.Union(
  ['visa', 'mastercard', 'amex', 'unknown'].map((brand) => Type.Literal(brand)),
);

export const CardInput = StrictObject({
  /** 12 to 19 digits; spaces between groups are allowed. Checked with Luhn; never stored or logged. */
  number: Type.String({
    minLength: 12,
    maxLength: 23,
    pattern: '^[0-9 ]+$',
    description: 'Card number; spaces allowed',
  }),
  expMonth: Type.Integer({ minimum: 1, maximum: 12 }),
  expYear: Type.Integer({ minimum: 2000, maximum: 2100, description: 'Four-digit year' }),
  /** Never stored or logged. */
  cvc: Type.String({ pattern: '^[0-9]{3,4}$', maxLength: 4 }),
  holderName: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }),
});
export type CardInput = Static<typeof CardInput>;

/** Only the order and the card: amount, currency, status and user come from the server. */
export const CreatePaymentBody = StrictObject({ orderId: Uuid, card: CardInput });
export type CreatePaymentBody = Static<typeof CreatePaymentBody>;

export const Payment = Type.Object({
  id: Uuid,
  orderId: Uuid,
  status: PaymentStatus,
  amount: MinorUnits,
  currency: Type.String(),
  card: Type.Object({ brand: Type.String(), last4: Type.String() }),
  declineCode: Type.Optional(Type.String()),
  createdAt: Timestamp,
});
export type Payment = Static<typeof Payment>;

/** What an administrator sees in the list of payments: a payment and whose it is. */
export const AdminPayment = Type.Object({ ...Payment.properties, userId: Uuid });
export type AdminPayment = Static<typeof AdminPayment>;

export const PaymentTransaction = Type.Object({
  id: Uuid,
  paymentId: Uuid,
  type: Type.Union([Type.Literal('CHARGE'), Type.Literal('REFUND')]),
  /** CHARGE: SUCCEEDED, DECLINED or FAILED; REFUND: SUCCEEDED. */
  status: Type.String(),
  amount: MinorUnits,
  currency: Type.String(),
  createdAt: Timestamp,
});
export type PaymentTransaction = Static<typeof PaymentTransaction>;

/**
 * `orderId` alone: that order's transaction log (its owner or an admin). Without `orderId`: the
 * paged list of every payment, for admins only.
 */
export const ListPaymentsQuery = StrictObject({
  orderId: Type.Optional(Uuid),
  status: Type.Optional(PaymentStatus),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, description: 'Default 1' })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: 'Default 20' })),
});
export type ListPaymentsQuery = Static<typeof ListPaymentsQuery>;

export const PaymentPage = Page(AdminPayment);
export type PaymentPage = Static<typeof PaymentPage>;
export const TransactionLog = Type.Array(PaymentTransaction);
export type TransactionLog = Static<typeof TransactionLog>;
