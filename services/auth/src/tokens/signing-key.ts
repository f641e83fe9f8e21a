import { randomBytes } from 'node:crypto';
import { chmod, link, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  type CryptoKey,
  type JWK,
} from 'jose';
import type { Logger } from '@souk/platform';
import type { Jwks } from '@souk/contracts';

export type SigningAlgorithm = 'EdDSA' | 'ES256';
export type PublicJwk = Jwks['keys'][number];

/** The key access tokens are signed with, and its public half as published in the JWKS. */
export interface SigningKey {
  kid: string;
  alg: SigningAlgorithm;
  privateKey: CryptoKey;
  publicJwk: PublicJwk;
}

export interface SigningKeySource {
  /** A private JWK as JSON (production secret); wins when set. */
  privateJwk?: string;
  /** A file holding the private JWK, created on first start (local runs). */
  keyFile?: string;
  logger: Logger;
}

export class SigningKeyError extends Error {
  override name = 'SigningKeyError';
}

export async function loadSigningKey(source: SigningKeySource): Promise<SigningKey> {
  if (source.privateJwk)
    return importSigningKey(parsePrivateJwk(source.privateJwk, 'AUTH_PRIVATE_JWK'));
  if (source.keyFile)
    return importSigningKey(await readOrCreateKeyFile(source.keyFile, source.logger));
  throw new SigningKeyError('No signing key: set AUTH_PRIVATE_JWK or AUTH_KEY_FILE');
}

/** A fresh Ed25519 private JWK with its thumbprint as `kid`. */
export async function generatePrivateJwk(): Promise<JWK> {
  const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, alg: 'EdDSA', kid: await thumbprintOf(jwk) };
}

async function importSigningKey(jwk: JWK): Promise<SigningKey> {
  const alg = algorithmOf(jwk);
  const kid = typeof jwk.kid === 'string' && jwk.kid.length > 0 ? jwk.kid : await thumbprintOf(jwk);
  const privateKey = (await importJWK({ ...jwk, alg }, alg)) as CryptoKey;
  const publicJwk: PublicJwk = { kty: jwk.kty!, crv: jwk.crv!, x: jwk.x!, kid, alg, use: 'sig' };
  if (jwk.y) publicJwk.y = jwk.y;
  return { kid, alg, privateKey, publicJwk };
}

function algorithmOf(jwk: JWK): SigningAlgorithm {
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519' && jwk.x && jwk.d) return 'EdDSA';
  if (jwk.kty === 'EC' && jwk.crv === 'P-256' && jwk.x && jwk.y && jwk.d) return 'ES256';
  throw new SigningKeyError(
    'The signing key must be a private Ed25519 (OKP) or P-256 (EC) JWK with its private part "d"',
  );
}

function thumbprintOf(jwk: JWK): Promise<string> {
  const { kty, crv, x, y } = jwk;
  return calculateJwkThumbprint(y ? { kty, crv, x, y } : { kty, crv, x });
}

/** Never quotes the input: it is a secret. */
function parsePrivateJwk(text: string, origin: string): JWK {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new SigningKeyError(`${origin} is not valid JSON`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new SigningKeyError(`${origin} must be a JSON object (a JWK)`);
  return value;
}

/**
 * Reads the key file, or creates it once. The new key is written to a private temporary file and
 * hard-linked into place, which fails if another instance got there first: every instance then
 * reads the same key, and nobody ever sees a half-written file.
 */
async function readOrCreateKeyFile(file: string, logger: Logger): Promise<JWK> {
  const existing = await readKeyFile(file, logger);
  if (existing) return existing;
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temporary, `${JSON.stringify(await generatePrivateJwk())}\n`, {
    mode: 0o600,
    flag: 'wx',
  });
  try {
    await chmod(temporary, 0o600);
    await link(temporary, file);
    logger.info({ file }, 'generated a new token signing key');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await rm(temporary, { force: true });
  }
  const created = await readKeyFile(file, logger);
  if (!created)
    throw new SigningKeyError(`The key file ${file} vanished right after it was written`);
  return created;
}

async function readKeyFile(file: string, logger: Logger): Promise<JWK | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const { mode } = await stat(file);
  if ((mode & 0o077) !== 0) {
    logger.warn(
      { file, mode: (mode & 0o777).toString(8) },
      'the signing key file is readable by other users; chmod 600 it',
    );
  }
  return parsePrivateJwk(text, `The key file ${file}`);
}
