import { loadConfig } from '@souk/platform';
import { describe, expect, it } from 'vitest';
import { configSchema } from './config.js';

describe('product config', () => {
  it('when DEMO_CATALOG is not set, then no demo catalog is seeded (production starts empty)', () => {
    const config = loadConfig(configSchema, {
      DATABASE_URL: 'postgres://x@h/product',
      BROKER_URL: 'postgres://x@h/product',
      UPLOAD_DIR: '/tmp/uploads',
    });
    expect(config.DEMO_CATALOG).toBe(false);
    expect(
      loadConfig(configSchema, {
        DATABASE_URL: 'postgres://x@h/product',
        BROKER_URL: 'postgres://x@h/product',
        UPLOAD_DIR: '/tmp/u',
        DEMO_CATALOG: 'true',
      }).DEMO_CATALOG,
    ).toBe(true);
  });
});
