import type { AdminPayment, Payment, PaymentTransaction } from '@souk/contracts';
import type { PaymentRow, TransactionRow } from './payments.repository.js';

export function toPayment(row: PaymentRow): Payment {
  return {
    id: row.id,
    orderId: row.order_id,
    status: row.status,
    amount: row.amount,
    currency: row.currency,
    card: { brand: row.card_brand, last4: row.card_last4 },
    ...(row.decline_code ? { declineCode: row.decline_code } : {}),
    createdAt: row.created_at.toISOString(),
  };
}

export function toAdminPayment(row: PaymentRow): AdminPayment {
  return { ...toPayment(row), userId: row.user_id };
}

export function toTransaction(row: TransactionRow): PaymentTransaction {
  return {
    id: row.id,
    paymentId: row.payment_id,
    type: row.type,
    status: row.status,
    amount: row.amount,
    currency: row.currency,
    createdAt: row.created_at.toISOString(),
  };
}

/** The fields every payment event carries. */
export function chargeFields(row: PaymentRow) {
  return {
    paymentId: row.id,
    orderId: row.order_id,
    userId: row.user_id,
    amount: row.amount,
    currency: row.currency,
  };
}
