import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPasswordHasher } from '../src/accounts/password-hasher.js';
import { bearer, login, register, startAuth, uniqueEmail, type AuthHarness } from './helpers.js';

// Issue 8: common and personal passwords are refused wherever a password is chosen (NIST SP 800-63B).
let auth: AuthHarness;

beforeAll(async () => {
  auth = await startAuth('common_passwords');
});

afterAll(async () => {
  await auth?.close();
});

const registration = (password: string, overrides: Record<string, unknown> = {}) =>
  auth.app.inject({
    method: 'POST',
    url: '/api/auth/register',
    payload: {
      email: uniqueEmail('screen'),
      password,
      firstName: 'Khadija',
      lastName: 'Berrada',
      ...overrides,
    },
  });

describe('registration', () => {
  it('when the password is one of the most common, in any case and with digits added, then it answers 400 naming body.password and why', async () => {
    for (const password of ['password', 'Sunshine', 'qwerty123', 'Football2024!']) {
      const response = await registration(password);
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.json()).toMatchObject({
        code: 'validation_failed',
        detail: expect.stringMatching(/^Invalid body: body\.password is too common/),
        errors: [
          { path: 'body.password', reason: 'common', message: expect.stringMatching(/too common/) },
        ],
      });
    }
  });

  it('when the password is made from the email, a name or the shop name, then it answers 400 with reason personal', async () => {
    const email = `youssef.tazi-${Date.now()}@atlasnet.ma`;
    for (const password of [
      email.split('@')[0]!,
      'Khadija1990',
      'berrada!!',
      'atlasnet.ma',
      'souk2024',
    ]) {
      const response = await registration(password, { email });
      expect([password, response.statusCode, response.json().errors]).toEqual([
        password,
        400,
        [expect.objectContaining({ path: 'body.password', reason: 'personal' })],
      ]);
    }
  });

  it('when the password is a passphrase, then the account is created and nothing is stored for the refused tries', async () => {
    const email = uniqueEmail('screen');
    expect((await registration('password1', { email })).statusCode).toBe(400);
    expect(
      await auth.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst(),
    ).toBeUndefined();
    expect((await registration('tea with mint at noon', { email })).statusCode).toBe(201);
  });
});

describe('password change', () => {
  it('when the new password is common or personal, then it answers 400 naming body.newPassword and the old password still works', async () => {
    const person = await register(auth.app, { firstName: 'Omar', lastName: 'Fassi' });
    for (const [newPassword, reason] of [
      ['iloveyou1', 'common'],
      ['Omar.Fassi', 'personal'],
    ] as const) {
      const response = await auth.app.inject({
        method: 'POST',
        url: '/api/auth/password',
        headers: bearer(person.accessToken),
        payload: { currentPassword: person.password, newPassword },
      });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ errors: [{ path: 'body.newPassword', reason }] });
    }
    expect((await login(auth.app, person.email, person.password)).statusCode).toBe(200);
  });

  it('when a password chosen before the rule is common, then it still logs in (the rule applies when a password is set)', async () => {
    const person = await register(auth.app);
    // Stands for an account from before the rule: its stored hash is of a common password.
    const passwordHash = await createPasswordHasher().hash('password1');
    await auth.db
      .updateTable('users')
      .set({ password_hash: passwordHash })
      .where('id', '=', person.id)
      .execute();
    expect((await login(auth.app, person.email, 'password1')).statusCode).toBe(200);
  });
});

describe('administrator at start-up', () => {
  it('when ADMIN_PASSWORD is a common password, then start-up fails with a config error that does not quote it', async () => {
    const failure = auth.buildAnother({
      ADMIN_EMAIL: uniqueEmail('boss'),
      ADMIN_PASSWORD: 'Password123',
    });
    await expect(failure).rejects.toMatchObject({
      name: 'ConfigError',
      message: expect.stringMatching(/ADMIN_PASSWORD: is too common/),
    });
    await expect(failure).rejects.not.toThrow(/Password123/);
  });

  it('when ADMIN_PASSWORD is made from ADMIN_EMAIL or the shop name, then start-up fails', async () => {
    for (const [email, password] of [
      ['hassan.idrissi@shop.ma', 'hassan.idrissi'],
      ['owner@shop.ma', 'Souk2030!'],
    ]) {
      await expect(
        auth.buildAnother({ ADMIN_EMAIL: email!, ADMIN_PASSWORD: password! }),
      ).rejects.toThrow(/ADMIN_PASSWORD: is too easy to guess/);
    }
  });
});
