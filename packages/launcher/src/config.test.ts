import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  childEnvironment,
  DATABASES,
  findServices,
  LaunchError,
  passThroughVariables,
  readLauncherConfig,
  repositoryRoot,
  SERVICES,
  type ChildEnvContext,
  type ServiceSpec,
} from './config.js';

const root = '/srv/souk';
const spec = (name: string): ServiceSpec => SERVICES.find((service) => service.name === name)!;

function context(env: Record<string, string> = {}): ChildEnvContext {
  const config = readLauncherConfig(env, root);
  return {
    config,
    registryUrl: `http://127.0.0.1:${config.ports.registry}`,
    databaseUrl: (name) => `postgres://postgres:pw@127.0.0.1:5433/${name}`,
    admin: { email: 'admin@souk.local', password: 'secret-pass' },
    smtpUrl: config.smtpUrl ?? `smtp://127.0.0.1:${config.mailPorts.smtp}`,
  };
}

describe('launcher settings', () => {
  it('when nothing is set, then the documented defaults apply', () => {
    const config = readLauncherConfig({}, root);
    expect(config).toMatchObject({
      rootDir: root,
      dataDir: '/srv/souk/data',
      pgPort: 5433,
      pgStatementStats: false,
      logLevel: 'info',
      logFormat: 'pretty',
      startTimeoutMs: 60_000,
    });
    expect(config.ports).toEqual({
      registry: 8761,
      auth: 8081,
      product: 8082,
      client: 8083,
      order: 8084,
      payment: 8085,
      notification: 8086,
      gateway: 8080,
    });
    expect(config.databaseServerUrl).toBeUndefined();
    expect(config.readyFile).toBeUndefined();
  });

  it('when no registry token is given, then each run gets a new random one the registry accepts', () => {
    const first = readLauncherConfig({}, root).registryToken;
    const second = readLauncherConfig({}, root).registryToken;
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(second).not.toBe(first);
    expect(
      readLauncherConfig({ REGISTRY_TOKEN: 'given-registry-token-0123456789abcdef' }, root)
        .registryToken,
    ).toBe('given-registry-token-0123456789abcdef');
  });

  it('when settings are given, then they are used, with a relative data dir taken from the repository root', () => {
    const config = readLauncherConfig(
      {
        SOUK_DATA_DIR: 'var/data',
        SOUK_PG_PORT: '6543',
        SOUK_PG_STATEMENT_STATS: 'true',
        GATEWAY_PORT: '9090',
        SOUK_LOG_FORMAT: 'json',
        SOUK_START_TIMEOUT_MS: '5000',
        LOG_LEVEL: 'debug',
      },
      root,
    );
    expect(config).toMatchObject({
      dataDir: '/srv/souk/var/data',
      pgPort: 6543,
      pgStatementStats: true,
      logFormat: 'json',
      startTimeoutMs: 5000,
      logLevel: 'debug',
    });
    expect(config.ports.gateway).toBe(9090);
  });

  it('when several settings are wrong, then one error lists each of them, with exit code 78', () => {
    const error = (() => {
      try {
        readLauncherConfig(
          {
            GATEWAY_PORT: '80a',
            SOUK_PG_PORT: '70000',
            SOUK_PG_STATEMENT_STATS: 'yes',
            SOUK_LOG_FORMAT: 'xml',
            AUTH_PORT: '8082',
            DATABASE_SERVER_URL: 'localhost:5432',
          },
          root,
        );
      } catch (caught) {
        return caught;
      }
    })() as LaunchError;
    expect(error).toBeInstanceOf(LaunchError);
    expect(error.exitCode).toBe(78);
    expect(error.message).toContain(
      'GATEWAY_PORT must be a whole number from 1 to 65535 (got "80a")',
    );
    expect(error.message).toContain('SOUK_PG_PORT must be');
    expect(error.message).toContain('SOUK_PG_STATEMENT_STATS must be true or false (got "yes")');
    expect(error.message).toContain('SOUK_LOG_FORMAT must be pretty or json');
    expect(error.message).toContain('auth and product are both set to port 8082');
    expect(error.message).toContain('DATABASE_SERVER_URL must be a URL');
    expect(() => readLauncherConfig({ REGISTRY_TOKEN: 'too-short' }, root)).toThrow(
      'REGISTRY_TOKEN must be at least 32 characters',
    );
  });

  it('when the launcher runs from its build or its source, then the repository root is three folders up', () => {
    expect(repositoryRoot('file:///srv/souk/packages/launcher/dist/config.js')).toBe('/srv/souk');
    expect(repositoryRoot()).toBe(path.resolve(import.meta.dirname, '..', '..', '..'));
  });

  it('one database per data service and the broker database are created', () => {
    expect(DATABASES).toEqual([
      'souk_auth',
      'souk_product',
      'souk_client',
      'souk_order',
      'souk_payment',
      'souk_notification',
      'souk_broker',
    ]);
  });
});

describe('environment of each service', () => {
  it('when the registry starts, then it gets its address and log level but no database', () => {
    const env = childEnvironment(spec('registry'), context(), { PATH: '/usr/bin' });
    expect(env).toMatchObject({
      HOST: '127.0.0.1',
      PORT: '8761',
      REGISTRY_URL: 'http://127.0.0.1:8761',
      LOG_LEVEL: 'info',
      PATH: '/usr/bin',
    });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.BROKER_URL).toBeUndefined();
  });

  it('when a data service starts, then it gets its own database and the broker database', () => {
    const env = childEnvironment(spec('order'), context(), {});
    expect(env).toMatchObject({
      PORT: '8084',
      DATABASE_URL: 'postgres://postgres:pw@127.0.0.1:5433/souk_order',
      BROKER_URL: 'postgres://postgres:pw@127.0.0.1:5433/souk_broker',
      INSTANCE_ID: 'order-8084',
    });
  });

  it('when the launcher is given BROKER_URL, then the services use that broker instead of the souk_broker database', () => {
    const env = childEnvironment(
      spec('payment'),
      context({ BROKER_URL: 'amqp://guest:guest@127.0.0.1:5672' }),
      {},
    );
    expect(env.BROKER_URL).toBe('amqp://guest:guest@127.0.0.1:5672');
  });

  it('when auth starts, then it gets the admin account and a key file under the data dir', () => {
    const env = childEnvironment(spec('auth'), context(), {});
    expect(env).toMatchObject({
      ADMIN_EMAIL: 'admin@souk.local',
      ADMIN_PASSWORD: 'secret-pass',
      AUTH_KEY_FILE: '/srv/souk/data/auth/signing-key.jwk.json',
      DATABASE_URL: 'postgres://postgres:pw@127.0.0.1:5433/souk_auth',
    });
  });

  it('when product starts, then uploads go under the data dir', () => {
    expect(childEnvironment(spec('product'), context(), {}).UPLOAD_DIR).toBe(
      '/srv/souk/data/uploads',
    );
  });

  it('when notification starts, then it sends mail to the catcher and links to the local shop', () => {
    expect(childEnvironment(spec('notification'), context(), {})).toMatchObject({
      SMTP_URL: 'smtp://127.0.0.1:1025',
      SHOP_URL: 'http://localhost:8080',
    });
    const given = context({ SMTP_URL: 'smtp://user:pw@mail.example.com:587' });
    expect(given.config.smtpUrl).toBe('smtp://user:pw@mail.example.com:587');
    expect(childEnvironment(spec('notification'), given, {}).SMTP_URL).toBe(
      'smtp://user:pw@mail.example.com:587',
    );
  });

  it('when the mail catcher would share a port with a service, then the settings are refused', () => {
    expect(() => readLauncherConfig({ SOUK_MAIL_PORT: '8080' }, root)).toThrow(
      /gateway and mail catcher are both set to port 8080/,
    );
    // With SMTP_URL there is no catcher, so its ports are free to use.
    expect(() =>
      readLauncherConfig({ SOUK_MAIL_PORT: '8080', SMTP_URL: 'smtp://mail:25' }, root),
    ).not.toThrow();
  });

  it('when the gateway starts, then it gets the broker and the web app folder but no database', () => {
    const env = childEnvironment(spec('gateway'), context(), {});
    expect(env).toMatchObject({
      PORT: '8080',
      BROKER_URL: 'postgres://postgres:pw@127.0.0.1:5433/souk_broker',
      WEB_DIR: '/srv/souk/apps/web/dist',
    });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('when the services start, then the registry and every service get the same registry token', () => {
    const ctx = context();
    const tokens = SERVICES.map(
      (service) =>
        childEnvironment(service, ctx, { REGISTRY_TOKEN: 'from-the-shell' }).REGISTRY_TOKEN,
    );
    expect(new Set(tokens)).toEqual(new Set([ctx.config.registryToken]));
  });

  it('when the registry port moves, then every service is told the new registry URL', () => {
    const env = childEnvironment(spec('product'), context({ REGISTRY_PORT: '9761' }), {});
    expect(env.REGISTRY_URL).toBe('http://127.0.0.1:9761');
  });

  it('when nothing is said, then the local product service seeds the demo catalog (the service alone would not)', () => {
    expect(childEnvironment(spec('product'), context({}), {}).DEMO_CATALOG).toBe('true');
  });

  it('when <SERVICE>_<NAME> variables are given, then that service alone gets <NAME>, over the defaults', () => {
    const launcherEnv = {
      PRODUCT_DEMO_CATALOG: 'false',
      ORDER_LOG_LEVEL: 'debug',
      GATEWAY_PORT: '9090',
      LOG_LEVEL: 'warn',
    };
    const ctx = context(launcherEnv);
    const product = childEnvironment(spec('product'), ctx, launcherEnv);
    const order = childEnvironment(spec('order'), ctx, launcherEnv);
    const gateway = childEnvironment(spec('gateway'), ctx, launcherEnv);

    expect(product.DEMO_CATALOG).toBe('false');
    expect(order.DEMO_CATALOG).toBeUndefined();
    expect(order.LOG_LEVEL).toBe('debug');
    expect(product.LOG_LEVEL).toBe('warn');
    expect(gateway.PORT).toBe('9090');
    expect(gateway.INSTANCE_ID).toBe('gateway-9090');
  });

  it('when a launcher variable only shares the prefix, then nothing empty is passed on', () => {
    expect(passThroughVariables('auth', { AUTH_: 'x', AUTHOR: 'y', AUTH_JWT_TTL: '900' })).toEqual({
      JWT_TTL: '900',
    });
  });

  it('when the launcher was given a variable a service also gets, then the launcher decision wins unless prefixed', () => {
    const env = childEnvironment(spec('product'), context(), {
      PORT: '1',
      DATABASE_URL: 'postgres://elsewhere/db',
    });
    expect(env.PORT).toBe('8082');
    expect(env.DATABASE_URL).toBe('postgres://postgres:pw@127.0.0.1:5433/souk_product');
  });
});

describe('which services the checkout holds', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function checkout(files: Record<string, string>): Promise<string> {
    dir = await mkdtemp(path.join(tmpdir(), 'souk-launcher-'));
    for (const [file, content] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
      await writeFile(path.join(dir, file), content);
    }
    return dir;
  }

  const tsconfig = (...folders: string[]) =>
    JSON.stringify({ files: [], references: folders.map((folder) => ({ path: folder })) });

  it('when a service folder is missing or has no code yet, then it is skipped; a built one is run', async () => {
    const rootDir = await checkout({
      'tsconfig.json': tsconfig('services/registry'),
      'services/registry/src/main.ts': '',
      'services/registry/dist/main.js': '',
      'services/order/package.json': '{}',
    });
    const states = findServices(rootDir);
    expect(
      states.filter((state) => state.status === 'built').map((state) => state.spec.name),
    ).toEqual(['registry']);
    expect(states.find((state) => state.spec.name === 'order')?.status).toBe('absent');
    expect(states[0]).toMatchObject({
      status: 'built',
      entry: path.join(rootDir, 'services/registry/dist/bundle/main.mjs'),
      cwd: path.join(rootDir, 'services/registry'),
    });
  });

  it('when a service the build covers has no build output, then the error says to build, naming each one', async () => {
    const rootDir = await checkout({
      'tsconfig.json': tsconfig(
        'packages/platform',
        './services/registry',
        'services/product/',
        'services/auth',
      ),
      'services/registry/src/main.ts': '',
      'services/product/src/main.ts': '',
      'services/auth/src/main.ts': '',
      'services/auth/dist/main.js': '',
    });
    expect(() => findServices(rootDir)).toThrow(
      new LaunchError(
        'services/registry is not built: run npm run build\nservices/product is not built: run npm run build',
      ),
    );
  });

  it('when a service has code that the build does not cover yet, then it is skipped and reported as such', async () => {
    const rootDir = await checkout({
      'tsconfig.json': tsconfig('services/registry'),
      'services/registry/dist/main.js': '',
      'services/order/src/main.ts': '',
    });
    const states = findServices(rootDir);
    expect(states.find((state) => state.spec.name === 'order')?.status).toBe('outside-build');
  });

  it('when the root tsconfig.json cannot be read, then any service with code must be built', async () => {
    const rootDir = await checkout({ 'services/order/src/main.ts': '' });
    expect(() => findServices(rootDir)).toThrow('services/order is not built: run npm run build');
  });
});
