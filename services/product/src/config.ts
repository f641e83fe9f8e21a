import { defaultPortOf } from '@souk/contracts';
import { Type, type Static } from '@sinclair/typebox';
import { dataConfig, env, httpConfig } from '@souk/platform';

export const configSchema = Type.Object({
  ...httpConfig(defaultPortOf('product')),
  ...dataConfig(),
  /** Where uploaded product images are written (the launcher passes `<data>/uploads`). */
  UPLOAD_DIR: Type.String({ minLength: 1 }),
  /**
   * Seeds the demo catalog on start when the catalog has never held anything. Off unless asked
   * for, so a production deployment never opens with 49 sample products; `npm start` asks for it.
   */
  DEMO_CATALOG: env.boolean(false),
  /** Stock at or below which a product counts as running low (used by the checkout flow). */
  LOW_STOCK_THRESHOLD: env.integer(5, { minimum: 0 }),
});

export type ProductConfig = Static<typeof configSchema>;
