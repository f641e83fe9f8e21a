import { sql, type Kysely, type Migration } from 'kysely';

export const migrations: Record<string, Migration> = {
  '0001_orders_and_carts': {
    async up(db: Kysely<any>) {
      await sql`
        CREATE TABLE orders (
          id uuid PRIMARY KEY,
          user_id uuid NOT NULL,
          status text NOT NULL CHECK (status IN ('PENDING', 'AWAITING_PAYMENT', 'PAID', 'SHIPPED', 'DELIVERED', 'CANCELLED', 'REJECTED')),
          total bigint NOT NULL CHECK (total >= 0),
          currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
          shipping_address jsonb NOT NULL,
          payment_id uuid,
          paid_at timestamptz,
          pay_by timestamptz NOT NULL,
          created_at timestamptz NOT NULL DEFAULT now(),
          updated_at timestamptz NOT NULL DEFAULT now()
        );
        CREATE INDEX orders_user_newest_idx ON orders (user_id, created_at DESC, id DESC);
        CREATE INDEX orders_newest_idx ON orders (created_at DESC, id DESC);
        -- The payment-timeout sweep only ever looks at unpaid orders.
        CREATE INDEX orders_unpaid_idx ON orders (pay_by) WHERE status IN ('PENDING', 'AWAITING_PAYMENT');
        CREATE INDEX orders_paid_at_idx ON orders (paid_at) WHERE paid_at IS NOT NULL;

        CREATE TABLE order_items (
          order_id uuid NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
          line_no integer NOT NULL,
          product_id uuid NOT NULL,
          name text NOT NULL,
          unit_price bigint NOT NULL CHECK (unit_price >= 0),
          quantity integer NOT NULL CHECK (quantity BETWEEN 1 AND 99),
          line_total bigint NOT NULL CHECK (line_total >= 0),
          PRIMARY KEY (order_id, product_id),
          UNIQUE (order_id, line_no)
        );
        CREATE INDEX order_items_product_idx ON order_items (product_id);

        CREATE TABLE order_history (
          id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
          order_id uuid NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
          status text NOT NULL,
          reason text,
          at timestamptz NOT NULL DEFAULT clock_timestamp()
        );
        CREATE INDEX order_history_order_idx ON order_history (order_id, id);

        CREATE TABLE parked_payments (
          order_id uuid PRIMARY KEY REFERENCES orders (id) ON DELETE CASCADE,
          payment_id uuid NOT NULL,
          amount bigint NOT NULL,
          currency text NOT NULL,
          received_at timestamptz NOT NULL DEFAULT now()
        );

        CREATE TABLE refund_requests (
          payment_id uuid PRIMARY KEY,
          order_id uuid NOT NULL,
          reason text NOT NULL,
          requested_at timestamptz NOT NULL DEFAULT now()
        );

        CREATE TABLE carts (
          user_id uuid PRIMARY KEY,
          updated_at timestamptz NOT NULL DEFAULT now()
        );

        CREATE TABLE cart_items (
          user_id uuid NOT NULL REFERENCES carts (user_id) ON DELETE CASCADE,
          product_id uuid NOT NULL,
          quantity integer NOT NULL CHECK (quantity BETWEEN 1 AND 99),
          added_at timestamptz NOT NULL DEFAULT now(),
          updated_at timestamptz NOT NULL DEFAULT now(),
          PRIMARY KEY (user_id, product_id)
        );
      `.execute(db);
    },
  },
};
