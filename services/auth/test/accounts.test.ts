import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bearer,
  loggedEvents,
  login,
  me,
  randomIp,
  recordOutboxTransactions,
  register,
  uniqueEmail,
  userInsertTransaction,
  waitForEmptyOutbox,
  startAuth,
  type AuthHarness,
} from './helpers.js';

let auth: AuthHarness;

beforeAll(async () => {
  auth = await startAuth('accounts');
  await recordOutboxTransactions(auth.db);
});

afterAll(async () => {
  await auth?.close();
});

const registerBody = (overrides: Record<string, unknown> = {}) => ({
  email: uniqueEmail('reg'),
  password: 'a decent passphrase',
  firstName: 'Youssef',
  lastName: 'Benali',
  ...overrides,
});

describe('register, login, me', () => {
  it('when a visitor registers, logs in and asks who they are, then each step answers with their account', async () => {
    const email = uniqueEmail('Happy').toUpperCase();
    const registered = await auth.app.inject({
      method: 'POST',
      url: '/api/auth/register',
      payload: registerBody({ email: `  ${email} `, phone: '+212612345678' }),
    });
    expect(registered.statusCode).toBe(201);
    const tokens = registered.json();
    expect(tokens).toEqual({
      user: { id: expect.any(String), email: email.toLowerCase(), roles: ['CLIENT'] },
      accessToken: expect.any(String),
      refreshToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      expiresIn: 900,
    });

    const loggedIn = await login(auth.app, email.toLowerCase(), 'a decent passphrase');
    expect(loggedIn.statusCode).toBe(200);
    expect(loggedIn.json().user).toEqual(tokens.user);
    expect(loggedIn.json().refreshToken).not.toBe(tokens.refreshToken);

    const profile = await me(auth.app, loggedIn.json().accessToken);
    expect(profile.statusCode).toBe(200);
    expect(profile.json()).toEqual({
      id: tokens.user.id,
      email: email.toLowerCase(),
      roles: ['CLIENT'],
      firstName: 'Youssef',
      lastName: 'Benali',
      phone: '+212612345678',
    });
  });

  it('when the password is stored, then the database holds an argon2id hash and never the password', async () => {
    const user = await register(auth.app, { password: 'plain text never stored' });
    const row = await auth.db
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(row.password_hash).not.toContain('plain text never stored');
  });

  it('when an email is registered again in another case, then the second registration gets 409 conflict', async () => {
    const user = await register(auth.app);
    const again = await auth.app.inject({
      method: 'POST',
      url: '/api/auth/register',
      payload: registerBody({ email: ` ${user.email.toUpperCase()}` }),
    });
    expect(again.statusCode).toBe(409);
    expect(again.headers['content-type']).toContain('application/problem+json');
    expect(again.json()).toMatchObject({ code: 'conflict', status: 409 });
  });

  it('when /me is called without a token, then it answers 401', async () => {
    const response = await auth.app.inject({ method: 'GET', url: '/api/auth/me' });
    expect(response.statusCode).toBe(401);
    expect(response.json().code).toBe('unauthorized');
  });
});

describe('invalid registrations', () => {
  const cases: Array<[string, Record<string, unknown>]> = [
    ['a password of 7 characters', { password: '1234567' }],
    ['a password of 129 characters', { password: 'x'.repeat(129) }],
    ['an email without @', { email: 'not-an-email' }],
    ['an empty first name', { firstName: '' }],
    ['a blank last name', { lastName: '   ' }],
    ['a last name of 101 characters', { lastName: 'x'.repeat(101) }],
    ['a phone with letters', { phone: '+212-CALL-ME' }],
    ['a number as the email', { email: 12345 }],
    ['an array as the password', { password: ['a decent passphrase'] }],
    ['a roles key', { roles: ['ADMIN'] }],
    ['an isAdmin key', { isAdmin: true }],
  ];

  it.each(cases)(
    'when the body has %s, then it answers 400 validation_failed and creates nothing',
    async (_name, overrides) => {
      const body = registerBody(overrides);
      const response = await auth.app.inject({
        method: 'POST',
        url: '/api/auth/register',
        payload: body,
      });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ code: 'validation_failed', status: 400 });
      if (typeof body.email === 'string') {
        const row = await auth.db
          .selectFrom('users')
          .select('id')
          .where('email', '=', body.email.trim().toLowerCase())
          .executeTakeFirst();
        expect(row).toBeUndefined();
      }
    },
  );

  it('when a required field is missing, then it answers 400 naming the field', async () => {
    const { lastName: _missing, ...body } = registerBody();
    const response = await auth.app.inject({
      method: 'POST',
      url: '/api/auth/register',
      payload: body,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toContainEqual({
      path: 'body.lastName',
      message: 'is required',
    });
  });

  it('when the body is not JSON, then it answers 4xx problem+json, never 5xx', async () => {
    const response = await auth.app.inject({
      method: 'POST',
      url: '/api/auth/register',
      headers: { 'content-type': 'application/json' },
      payload: '{"email":',
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });

  it('when the body is larger than 16 KiB, then it answers 413', async () => {
    const response = await auth.app.inject({
      method: 'POST',
      url: '/api/auth/register',
      payload: registerBody({ firstName: 'x'.repeat(20_000) }),
    });
    expect(response.statusCode).toBe(413);
    expect(response.json().code).toBe('payload_too_large');
  });
});

describe('login answers', () => {
  it('when the email is unknown or the password wrong, then both answers are the same 401 body', async () => {
    const user = await register(auth.app);
    const unknown = await login(auth.app, uniqueEmail('nobody'), 'a decent passphrase');
    const wrong = await login(auth.app, user.email, 'not the passphrase');
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    const strip = (body: Record<string, unknown>) => ({
      ...body,
      instance: undefined,
      traceId: undefined,
    });
    expect(strip(unknown.json())).toEqual(strip(wrong.json()));
    expect(unknown.json()).toMatchObject({
      code: 'unauthorized',
      detail: 'Invalid email or password',
    });
  });

  it('when the email is typed with capitals and spaces, then login still finds the account', async () => {
    const user = await register(auth.app);
    const response = await login(auth.app, `  ${user.email.toUpperCase()}  `, user.password);
    expect(response.statusCode).toBe(200);
  });
});

describe('changing the password', () => {
  it('when the current password is right, then the new one works, the old one not, and other sessions end', async () => {
    const user = await register(auth.app);
    const other = (await login(auth.app, user.email, user.password)).json();
    const current = (await login(auth.app, user.email, user.password)).json();

    const changed = await auth.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: { ...bearer(current.accessToken), 'x-forwarded-for': randomIp() },
      payload: { currentPassword: user.password, newPassword: 'a brand new passphrase' },
    });
    expect(changed.statusCode).toBe(204);
    expect(changed.body).toBe('');

    expect((await login(auth.app, user.email, user.password)).statusCode).toBe(401);
    expect((await login(auth.app, user.email, 'a brand new passphrase')).statusCode).toBe(200);
    const refreshOther = await auth.app.inject({
      method: 'POST',
      url: '/api/auth/refresh',
      payload: { refreshToken: other.refreshToken },
    });
    expect(refreshOther.statusCode).toBe(401);
    const refreshRegistration = await auth.app.inject({
      method: 'POST',
      url: '/api/auth/refresh',
      payload: { refreshToken: user.refreshToken },
    });
    expect(refreshRegistration.statusCode).toBe(401);
    const refreshCurrent = await auth.app.inject({
      method: 'POST',
      url: '/api/auth/refresh',
      payload: { refreshToken: current.refreshToken },
    });
    expect(refreshCurrent.statusCode).toBe(200);
  });

  it('when the current password is wrong, then it answers 401 and the password stays', async () => {
    const user = await register(auth.app);
    const response = await auth.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: bearer(user.accessToken),
      payload: { currentPassword: 'not my password', newPassword: 'a brand new passphrase' },
    });
    expect(response.statusCode).toBe(401);
    expect((await login(auth.app, user.email, user.password)).statusCode).toBe(200);
  });

  it('when the new password is too short, then it answers 400', async () => {
    const user = await register(auth.app);
    const response = await auth.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: bearer(user.accessToken),
      payload: { currentPassword: user.password, newPassword: 'short' },
    });
    expect(response.statusCode).toBe(400);
  });

  it('when no access token is sent, then it answers 401', async () => {
    const response = await auth.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      payload: { currentPassword: 'whatever it is', newPassword: 'a brand new passphrase' },
    });
    expect(response.statusCode).toBe(401);
  });
});

describe('auth.user.registered', () => {
  it('when a user registers, then the event is written in the same transaction as the account and relayed', async () => {
    const user = await register(auth.app, { phone: '0612345678' });
    const events = (await loggedEvents(auth.db, 'auth.user.registered')).filter(
      (event) => event.data.userId === user.id,
    );
    expect(events).toHaveLength(1);
    expect(events[0]!.data).toEqual({
      userId: user.id,
      email: user.email,
      firstName: 'Amina',
      lastName: 'Alaoui',
      phone: '0612345678',
      roles: ['CLIENT'],
    });
    expect(events[0]!.xid).toBe(await userInsertTransaction(auth.db, user.id));
    expect(await waitForEmptyOutbox(auth.db)).toBe(true);
  });

  it('when the same email registers twice at once, then one gets 201, the other 409, and one event is written', async () => {
    const body = registerBody({ email: uniqueEmail('race') });
    const responses = await Promise.all(
      [1, 2].map(() =>
        auth.app.inject({ method: 'POST', url: '/api/auth/register', payload: body }),
      ),
    );
    expect(responses.map((response) => response.statusCode).sort()).toEqual([201, 409]);
    const events = (await loggedEvents(auth.db, 'auth.user.registered')).filter(
      (event) => event.data.email === body.email,
    );
    expect(events).toHaveLength(1);
  });

  it('when a registration is refused, then no event is written', async () => {
    const body = registerBody({ password: 'short' });
    await auth.app.inject({ method: 'POST', url: '/api/auth/register', payload: body });
    const events = (await loggedEvents(auth.db, 'auth.user.registered')).filter(
      (event) => event.data.email === body.email,
    );
    expect(events).toHaveLength(0);
  });
});
