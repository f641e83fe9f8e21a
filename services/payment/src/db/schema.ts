import type { PlatformTables } from '@souk/platform';
import type { PaymentStatus } from '@souk/contracts';
import type { ColumnType } from 'kysely';

type CreatedAt = ColumnType<Date, Date | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | undefined, Date>;

/** One attempt to pay an order. The card is only ever kept as brand and last four digits. */
export interface PaymentsTable {
  /** Also the processor's chargeId, so a lookup after a crash finds the charge. */
  id: string;
  order_id: string;
  user_id: string;
  idempotency_key: string;
  status: PaymentStatus;
  /** Integer minor units, copied from the order. */
  amount: number;
  currency: string;
  card_brand: string;
  card_last4: string;
  decline_code: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export type TransactionType = 'CHARGE' | 'REFUND';

/** The money log: one CHARGE row per finished payment, at most one REFUND row per payment. */
export interface PaymentTransactionsTable {
  /** For a REFUND, the refundId given to the processor. */
  id: string;
  payment_id: string;
  order_id: string;
  user_id: string;
  type: TransactionType;
  status: 'SUCCEEDED' | 'DECLINED' | 'FAILED';
  amount: number;
  currency: string;
  created_at: CreatedAt;
}

/** The simulated card processor's own ledger (an outside system: it never reads `payments`). */
export interface ProcessorChargesTable {
  charge_id: string;
  amount: number;
  currency: string;
  card_brand: string;
  card_last4: string;
  status: 'SUCCEEDED' | 'DECLINED';
  decline_code: string | null;
  created_at: CreatedAt;
}

export interface ProcessorRefundsTable {
  refund_id: string;
  charge_id: string;
  amount: number;
  created_at: CreatedAt;
}

export interface PaymentDatabase extends PlatformTables {
  payments: PaymentsTable;
  payment_transactions: PaymentTransactionsTable;
  processor_charges: ProcessorChargesTable;
  processor_refunds: ProcessorRefundsTable;
}

export type ProcessorTables = Pick<PaymentDatabase, 'processor_charges' | 'processor_refunds'>;
