import { defaultPortOf } from '@souk/contracts';
import { Type, type Static } from '@sinclair/typebox';
import { dataConfig, env, httpConfig } from '@souk/platform';

export const configSchema = Type.Object({
  ...httpConfig(defaultPortOf('order')),
  ...dataConfig(),
  /**
   * How long stock stays reserved for an unpaid order: one not paid this long after it was placed
   * is cancelled, which releases its stock (fractions allowed, e.g. 0.5).
   */
  PAYMENT_TIMEOUT_MINUTES: Type.Number({ exclusiveMinimum: 0, maximum: 7 * 24 * 60, default: 30 }),
  /** Unpaid orders (PENDING or AWAITING_PAYMENT) one account may have at once: each one holds stock. */
  MAX_UNPAID_ORDERS_PER_CLIENT: env.integer(3, { minimum: 1, maximum: 1000 }),
  /** Units of one product in a cart line or an order line; at most 99, the contracts' bound. */
  MAX_UNITS_PER_LINE: env.integer(10, { minimum: 1, maximum: 99 }),
  /** How often this instance looks for unpaid orders past their deadline. */
  EXPIRY_SWEEP_SECONDS: Type.Number({ exclusiveMinimum: 0, maximum: 3_600, default: 10 }),
});

export type OrderConfig = Static<typeof configSchema>;
