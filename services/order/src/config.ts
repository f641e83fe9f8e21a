import { Type, type Static } from '@sinclair/typebox';
import { dataConfig, httpConfig } from '@souk/platform';

export const configSchema = Type.Object({
  ...httpConfig(8084),
  ...dataConfig(),
  /** An order not paid this long after it was placed is cancelled (fractions allowed, e.g. 0.5). */
  PAYMENT_TIMEOUT_MINUTES: Type.Number({ exclusiveMinimum: 0, maximum: 7 * 24 * 60, default: 30 }),
  /** How often this instance looks for unpaid orders past their deadline. */
  EXPIRY_SWEEP_SECONDS: Type.Number({ exclusiveMinimum: 0, maximum: 3_600, default: 10 }),
});

export type OrderConfig = Static<typeof configSchema>;
