import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { ConfigError, env, loadConfig } from './config.js';

const schema = Type.Object({
  PORT: env.port(8080),
  DATABASE_URL: env.url(),
  ADMIN_PASSWORD: Type.String({ minLength: 8 }),
  DEMO_CATALOG: env.boolean(true),
  LOG_LEVEL: env.logLevel(),
});

describe('loadConfig', () => {
  it('applies defaults, converts types and freezes the result', () => {
    const config = loadConfig(schema, {
      DATABASE_URL: 'postgres://x@h/db',
      ADMIN_PASSWORD: 'long enough',
      DEMO_CATALOG: 'false',
      PORT: '9000',
    });
    expect(config).toEqual({
      PORT: 9000,
      DATABASE_URL: 'postgres://x@h/db',
      ADMIN_PASSWORD: 'long enough',
      DEMO_CATALOG: false,
      LOG_LEVEL: 'info',
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('when several variables are wrong, then one error lists them all without echoing secrets', () => {
    let error: unknown;
    try {
      loadConfig(schema, { PORT: 'eighty', ADMIN_PASSWORD: 'short', LOG_LEVEL: 'chatty' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    for (const name of ['PORT', 'DATABASE_URL', 'ADMIN_PASSWORD', 'LOG_LEVEL'])
      expect(message).toContain(name);
    expect(message).toContain('(got "eighty")');
    expect(message).not.toContain('short');
  });
});
