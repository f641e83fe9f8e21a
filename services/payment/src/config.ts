import { defaultPortOf } from '@souk/contracts';
import { Type, type Static } from '@sinclair/typebox';
import { dataConfig, httpConfig } from '@souk/platform';

export const configSchema = Type.Object({
  ...httpConfig(defaultPortOf('payment')),
  ...dataConfig(),
  /** How often this instance finishes payments left PROCESSING by a crash (also once at start). */
  RECOVERY_SWEEP_SECONDS: Type.Number({ exclusiveMinimum: 0, maximum: 3_600, default: 15 }),
});

export type PaymentConfig = Static<typeof configSchema>;
