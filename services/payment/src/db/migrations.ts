import { sql, type Kysely, type Migration } from 'kysely';

export const migrations: Record<string, Migration> = {
  '0001_payments': {
    async up(db: Kysely<any>) {
      await sql`
        CREATE TABLE payments (
          id uuid PRIMARY KEY,
          order_id uuid NOT NULL,
          user_id uuid NOT NULL,
          idempotency_key text NOT NULL,
          status text NOT NULL CHECK (status IN ('PROCESSING', 'SUCCEEDED', 'DECLINED', 'FAILED', 'REFUNDED')),
          amount bigint NOT NULL CHECK (amount >= 0),
          currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
          card_brand text NOT NULL,
          card_last4 text NOT NULL CHECK (card_last4 ~ '^[0-9]{4}$'),
          decline_code text,
          created_at timestamptz NOT NULL DEFAULT now(),
          updated_at timestamptz NOT NULL DEFAULT now()
        );
        -- At most one charge in flight or taken per order: a second attempt is refused while the
        -- first is PROCESSING, and a paid order cannot be paid again. DECLINED and FAILED do not block.
        CREATE UNIQUE INDEX payments_one_live_charge_per_order ON payments (order_id)
          WHERE status IN ('PROCESSING', 'SUCCEEDED');
        CREATE UNIQUE INDEX payments_idempotency_key ON payments (user_id, idempotency_key);
        CREATE INDEX payments_order_idx ON payments (order_id);
        CREATE INDEX payments_processing_idx ON payments (created_at) WHERE status = 'PROCESSING';
        CREATE INDEX payments_newest_idx ON payments (created_at DESC, id DESC);

        CREATE TABLE payment_transactions (
          id uuid PRIMARY KEY,
          payment_id uuid NOT NULL REFERENCES payments (id),
          order_id uuid NOT NULL,
          user_id uuid NOT NULL,
          type text NOT NULL CHECK (type IN ('CHARGE', 'REFUND')),
          status text NOT NULL CHECK (status IN ('SUCCEEDED', 'DECLINED', 'FAILED')),
          amount bigint NOT NULL CHECK (amount >= 0),
          currency text NOT NULL,
          created_at timestamptz NOT NULL DEFAULT now(),
          -- One charge and at most one refund per payment: a refund happens once, however often asked.
          UNIQUE (payment_id, type)
        );
        CREATE INDEX payment_transactions_order_idx ON payment_transactions (order_id, created_at);

        -- The simulated card processor's ledger. It stands for an outside system: no foreign keys
        -- to payments, and never the card number or CVC, only brand and last four digits.
        CREATE TABLE processor_charges (
          charge_id uuid PRIMARY KEY,
          amount bigint NOT NULL CHECK (amount >= 0),
          currency text NOT NULL,
          card_brand text NOT NULL,
          card_last4 text NOT NULL CHECK (card_last4 ~ '^[0-9]{4}$'),
          status text NOT NULL CHECK (status IN ('SUCCEEDED', 'DECLINED')),
          decline_code text,
          created_at timestamptz NOT NULL DEFAULT now()
        );
        CREATE TABLE processor_refunds (
          refund_id uuid PRIMARY KEY,
          charge_id uuid NOT NULL REFERENCES processor_charges (charge_id),
          amount bigint NOT NULL CHECK (amount > 0),
          created_at timestamptz NOT NULL DEFAULT now()
        );
        CREATE INDEX processor_refunds_charge_idx ON processor_refunds (charge_id);
      `.execute(db);
    },
  },
  // A payment whose insert committed but whose answer was lost gives its key back to the client;
  // the retry must be able to record a new payment under the same key once the sweep has failed
  // the orphan. The idempotency_keys table already keeps one request per key in flight.
  '0002_payment_key_not_unique': {
    async up(db: Kysely<any>) {
      await sql`DROP INDEX payments_idempotency_key`.execute(db);
    },
  },
};
