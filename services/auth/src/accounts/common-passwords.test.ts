import { describe, expect, it } from 'vitest';
import { passwordProblem } from './account-rules.js';
import { loadCommonPasswords } from './common-passwords.js';

describe('the shipped list of common passwords', () => {
  it('when it is loaded, then it holds the 100,000 most common passwords, lower-cased', async () => {
    const passwords = await loadCommonPasswords();
    // 100,000 lines; 96,518 stay once case is ignored ("Password" and "password" are one entry).
    expect(passwords.size).toBe(96_518);
    for (const password of ['123456', 'password', 'qwerty', 'iloveyou', 'trustno1', 'football'])
      expect(passwords.has(password)).toBe(true);
    expect(passwords.has('a decent passphrase')).toBe(false);
  });

  it('when well-known weak passwords are screened, then each is refused as common', async () => {
    const screen = {
      commonPasswords: await loadCommonPasswords(),
      owner: { email: 'someone@example.com' },
    };
    for (const password of [
      'Password1',
      'qwerty123',
      'iloveyou!',
      'Football2024',
      'letmein123',
      'baseball',
    ]) {
      expect([password, passwordProblem(password, screen)?.reason]).toEqual([password, 'common']);
    }
    expect(passwordProblem('a decent passphrase', screen)).toBeUndefined();
  });
});
