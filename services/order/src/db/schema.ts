import type { OrderStatus } from '@souk/contracts';
import type { PlatformTables } from '@souk/platform';
import type { ColumnType, Generated } from 'kysely';

type CreatedAt = ColumnType<Date, Date | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | undefined, Date>;

export interface OrdersTable {
  id: string;
  user_id: string;
  status: OrderStatus;
  /** Integer minor units (BIGINT, read as a number). */
  total: number;
  currency: string;
  shipping_address: ColumnType<ShippingAddressJson, string, string>;
  /** The charge that paid the order (set on PAID). */
  payment_id: string | null;
  paid_at: Date | null;
  /** Unpaid orders are cancelled by the payment-timeout sweep after this moment. */
  pay_by: Date;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface ShippingAddressJson {
  fullName: string;
  line1: string;
  line2?: string;
  city: string;
  postalCode: string;
  country: string;
  phone?: string;
}

export interface OrderItemsTable {
  order_id: string;
  /** Position in the order as placed. */
  line_no: number;
  product_id: string;
  /** Name and price as the catalog had them when the order was placed. */
  name: string;
  unit_price: number;
  quantity: number;
  line_total: number;
}

export interface OrderHistoryTable {
  id: Generated<number>;
  order_id: string;
  status: OrderStatus;
  reason: string | null;
  at: CreatedAt;
}

/** A charge that arrived while its order was still PENDING (reordered delivery), kept until stock answers. */
export interface ParkedPaymentsTable {
  order_id: string;
  payment_id: string;
  amount: number;
  currency: string;
  received_at: CreatedAt;
}

/** One row per charge we asked the payment service to refund, so a charge is never refunded twice. */
export interface RefundRequestsTable {
  payment_id: string;
  order_id: string;
  reason: string;
  requested_at: CreatedAt;
}

export interface CartsTable {
  user_id: string;
  updated_at: UpdatedAt;
}

export interface CartItemsTable {
  user_id: string;
  product_id: string;
  quantity: number;
  added_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface OrderDatabase extends PlatformTables {
  orders: OrdersTable;
  order_items: OrderItemsTable;
  order_history: OrderHistoryTable;
  parked_payments: ParkedPaymentsTable;
  refund_requests: RefundRequestsTable;
  carts: CartsTable;
  cart_items: CartItemsTable;
}
