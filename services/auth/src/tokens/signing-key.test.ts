import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '@souk/platform';
import { generatePrivateJwk, loadSigningKey } from './signing-key.js';

const logger = createLogger({ name: 'auth-test', level: 'silent' });
const directories: string[] = [];

async function scratchDirectory(): Promise<string> {
  const directory = await mkdtemp(path.join(tmpdir(), 'souk-auth-key-'));
  directories.push(directory);
  return directory;
}

afterAll(async () => {
  await Promise.all(
    directories.map((directory) => rm(directory, { recursive: true, force: true })),
  );
});

describe('signing key', () => {
  it('when the key file does not exist, then it is generated with mode 0600 in a new directory and reused on restart', async () => {
    const keyFile = path.join(await scratchDirectory(), 'data', 'auth', 'signing-key.jwk.json');
    const first = await loadSigningKey({ keyFile, logger });
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
    expect(first.alg).toBe('EdDSA');
    const stored = JSON.parse(await readFile(keyFile, 'utf8'));
    expect(stored).toMatchObject({ kty: 'OKP', crv: 'Ed25519', kid: first.kid });
    expect(stored.d).toEqual(expect.any(String));

    const second = await loadSigningKey({ keyFile, logger });
    expect(second.kid).toBe(first.kid);
    expect(second.publicJwk).toEqual(first.publicJwk);
  });

  it('when several instances start at once on a fresh key file, then they all end up with the same key', async () => {
    const keyFile = path.join(await scratchDirectory(), 'signing-key.jwk.json');
    const keys = await Promise.all([1, 2, 3, 4].map(() => loadSigningKey({ keyFile, logger })));
    expect(new Set(keys.map((key) => key.kid)).size).toBe(1);
  });

  it('when AUTH_PRIVATE_JWK is given, then that key is used and no key file is written', async () => {
    const keyFile = path.join(await scratchDirectory(), 'unused.jwk.json');
    const jwk = { ...(await generatePrivateJwk()), kid: 'production-2030' };
    const key = await loadSigningKey({ privateJwk: JSON.stringify(jwk), keyFile, logger });
    expect(key.kid).toBe('production-2030');
    expect(key.publicJwk).toEqual({
      kty: 'OKP',
      crv: 'Ed25519',
      x: jwk.x,
      kid: 'production-2030',
      alg: 'EdDSA',
      use: 'sig',
    });
    await expect(stat(keyFile)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('when the published key is built, then it never carries the private part', async () => {
    const key = await loadSigningKey({
      privateJwk: JSON.stringify(await generatePrivateJwk()),
      logger,
    });
    expect(key.publicJwk).not.toHaveProperty('d');
  });

  it('when AUTH_PRIVATE_JWK is not JSON or not a private key, then start-up fails without quoting the secret', async () => {
    await expect(loadSigningKey({ privateJwk: 'secret-material{', logger })).rejects.toThrow(
      /not valid JSON/,
    );
    await expect(loadSigningKey({ privateJwk: 'secret-material{', logger })).rejects.not.toThrow(
      /secret-material/,
    );
    const { d: _private, ...publicOnly } = await generatePrivateJwk();
    await expect(
      loadSigningKey({ privateJwk: JSON.stringify(publicOnly), logger }),
    ).rejects.toThrow(/private part/);
  });

  it('when the key file holds garbage, then start-up fails instead of replacing the key', async () => {
    const keyFile = path.join(await scratchDirectory(), 'broken.jwk.json');
    await writeFile(keyFile, 'not json', { mode: 0o600 });
    await expect(loadSigningKey({ keyFile, logger })).rejects.toThrow(/not valid JSON/);
    expect(await readFile(keyFile, 'utf8')).toBe('not json');
  });
});
