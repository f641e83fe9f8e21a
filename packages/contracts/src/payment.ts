import { Type } from '@sinclair/typebox';
import { Currency, MinorUnits, Uuid } from './common.js';

// Payment service contracts. HTTP bodies and replies are added beside the events by the payment service.

const Charge = { paymentId: Uuid, orderId: Uuid, userId: Uuid, amount: MinorUnits, currency: Currency };

export const paymentEvents = {
  'payment.succeeded': Type.Object({ ...Charge, card: Type.Object({ brand: Type.String(), last4: Type.String() }) }),
  'payment.failed': Type.Object({ ...Charge, declineCode: Type.String() }),
  'payment.refunded': Type.Object({ ...Charge, refundId: Uuid, reason: Type.String() }),
};
