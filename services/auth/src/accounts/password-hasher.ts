import { randomBytes } from 'node:crypto';
import { hash, verify, type Algorithm, type Options } from '@node-rs/argon2';

// `Algorithm` is an ambient const enum (not usable under isolatedModules); 2 is Argon2id.
const ARGON2ID = 2 as Algorithm;

/** OWASP's argon2id baseline, as issue 2 asks: 19 MiB, two passes, one lane. */
export const PASSWORD_HASH_OPTIONS: Readonly<Options> = Object.freeze({
  algorithm: ARGON2ID,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
});

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(passwordHash: string, password: string): Promise<boolean>;
  /**
   * Spends the same work as a real check when there is no account, so an unknown email and a
   * wrong password take about the same time.
   */
  verifyAgainstDummy(password: string): Promise<void>;
}

export function createPasswordHasher(): PasswordHasher {
  let dummyHash: Promise<string> | undefined;
  const hashPassword = (password: string) => hash(password, PASSWORD_HASH_OPTIONS);
  const verifyPassword = async (passwordHash: string, password: string) => {
    try {
      return await verify(passwordHash, password);
    } catch {
      // A malformed stored hash must not turn into a 500 that tells the account apart.
      return false;
    }
  };
  return {
    hash: hashPassword,
    verify: verifyPassword,
    async verifyAgainstDummy(password) {
      dummyHash ??= hashPassword(randomBytes(24).toString('base64url'));
      await verifyPassword(await dummyHash, password);
    },
  };
}
