import { describe, expect, it } from 'vitest';
import { createPasswordHasher } from './password-hasher.js';

describe('password hasher', () => {
  const hasher = createPasswordHasher();

  it('when a password is hashed, then the hash is argon2id with m=19456 KiB, t=2, p=1 and a random salt', async () => {
    const first = await hasher.hash('correct horse battery');
    const second = await hasher.hash('correct horse battery');
    expect(first).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(first).not.toBe(second);
    expect(first).not.toContain('correct horse battery');
  });

  it('when the right or a wrong password is checked, then only the right one matches', async () => {
    const stored = await hasher.hash('correct horse battery');
    expect(await hasher.verify(stored, 'correct horse battery')).toBe(true);
    expect(await hasher.verify(stored, 'correct horse batterY')).toBe(false);
  });

  it('when the stored hash is malformed, then the check fails instead of throwing', async () => {
    expect(await hasher.verify('not-a-hash', 'whatever1')).toBe(false);
  });

  it('when there is no account, then the dummy check still does real argon2 work', async () => {
    await hasher.verifyAgainstDummy('warm up the dummy hash');
    const started = performance.now();
    await hasher.verifyAgainstDummy('anything at all');
    // A shortcut that skipped argon2 would take well under a millisecond; 19 MiB of argon2 cannot.
    expect(performance.now() - started).toBeGreaterThan(3);
  });
});
