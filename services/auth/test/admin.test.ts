import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bearer,
  loggedEvents,
  login,
  me,
  recordOutboxTransactions,
  refresh,
  register,
  startAuth,
  uniqueEmail,
  type AuthHarness,
} from './helpers.js';

const ADMIN_EMAIL = 'Owner@Souk.Example';
const ADMIN_PASSWORD = 'the owner passphrase';

let auth: AuthHarness;
let adminToken: string;
let adminId: string;

beforeAll(async () => {
  auth = await startAuth('admin', { ADMIN_EMAIL, ADMIN_PASSWORD });
  await recordOutboxTransactions(auth.db);
  const session = (await login(auth.app, ADMIN_EMAIL, ADMIN_PASSWORD)).json();
  adminToken = session.accessToken;
  adminId = session.user.id;
});

afterAll(async () => {
  await auth?.close();
});

const patchUser = (id: string, payload: unknown, token = adminToken) =>
  auth.app.inject({
    method: 'PATCH',
    url: `/api/auth/users/${id}`,
    headers: bearer(token),
    payload: payload as object,
  });

const listUsers = (query: string, token = adminToken) =>
  auth.app.inject({ method: 'GET', url: `/api/auth/users?${query}`, headers: bearer(token) });

describe('admin seeding', () => {
  it('when the service starts with ADMIN_EMAIL and ADMIN_PASSWORD, then that account exists with CLIENT and ADMIN', async () => {
    const response = await login(auth.app, ADMIN_EMAIL, ADMIN_PASSWORD);
    expect(response.statusCode).toBe(200);
    expect(response.json().user).toEqual({
      id: adminId,
      email: 'owner@souk.example',
      roles: ['CLIENT', 'ADMIN'],
    });
  });

  it('when the admin changed their password and the service restarts, then the configured password does not overwrite it', async () => {
    const email = uniqueEmail('boss');
    const first = await auth.buildAnother({
      ADMIN_EMAIL: email,
      ADMIN_PASSWORD: 'configured passphrase',
    });
    const session = (await login(first, email, 'configured passphrase')).json();
    const changed = await first.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: bearer(session.accessToken),
      payload: { currentPassword: 'configured passphrase', newPassword: 'chosen in the shop' },
    });
    expect(changed.statusCode).toBe(204);

    const restarted = await auth.buildAnother({
      ADMIN_EMAIL: email,
      ADMIN_PASSWORD: 'configured passphrase',
    });
    expect((await login(restarted, email, 'configured passphrase')).statusCode).toBe(401);
    expect((await login(restarted, email, 'chosen in the shop')).statusCode).toBe(200);
  });

  it('when several instances start at once with a new admin email, then exactly one account and one event exist', async () => {
    const email = uniqueEmail('concurrent-boss');
    await Promise.all(
      [1, 2, 3].map(() =>
        auth.buildAnother({ ADMIN_EMAIL: email, ADMIN_PASSWORD: 'configured passphrase' }),
      ),
    );
    const rows = await auth.db
      .selectFrom('users')
      .select(['id', 'roles'])
      .where('email', '=', email)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.roles).toEqual(['CLIENT', 'ADMIN']);
    const events = (await loggedEvents(auth.db, 'auth.user.registered')).filter(
      (event) => event.data.email === email,
    );
    expect(events).toHaveLength(1);
  });

  it('when the configured email already belongs to a client, then the client gains ADMIN and keeps their password', async () => {
    const client = await register(auth.app);
    const instance = await auth.buildAnother({
      ADMIN_EMAIL: client.email.toUpperCase(),
      ADMIN_PASSWORD: 'configured passphrase',
    });
    const session = await login(instance, client.email, client.password);
    expect(session.statusCode).toBe(200);
    expect(session.json().user.roles).toEqual(['CLIENT', 'ADMIN']);
    expect((await login(instance, client.email, 'configured passphrase')).statusCode).toBe(401);
  });
});

describe('listing users', () => {
  it('when an admin searches by a name part with paging, then pages of the matches come back with the total', async () => {
    const marker = `Zed${randomUUID().slice(0, 6)}`;
    for (const first of ['Alpha', 'Beta', 'Gamma'])
      await register(auth.app, { firstName: first, lastName: marker, phone: '+212600000001' });

    const firstPage = await listUsers(`q=${marker.toLowerCase()}&page=1&pageSize=2`);
    expect(firstPage.statusCode).toBe(200);
    const body = firstPage.json();
    expect(body).toMatchObject({ page: 1, pageSize: 2, total: 3 });
    expect(body.items).toHaveLength(2);
    expect(body.items[0]).toEqual({
      id: expect.any(String),
      email: expect.any(String),
      roles: ['CLIENT'],
      firstName: 'Gamma',
      lastName: marker,
      phone: '+212600000001',
      disabled: false,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(body.items[0]).not.toHaveProperty('passwordHash');

    const secondPage = (await listUsers(`q=${marker}&page=2&pageSize=2`)).json();
    expect(secondPage.items.map((item: { firstName: string }) => item.firstName)).toEqual([
      'Alpha',
    ]);
    expect((await listUsers(`q=${marker}%20gamma`)).json().total).toBe(0);
    expect((await listUsers(`q=gamma%20${marker}`)).json().total).toBe(1);
  });

  it('when an admin filters by role and by disabled, then only those accounts come back', async () => {
    const admins = (await listUsers('role=ADMIN&pageSize=100')).json();
    expect(admins.items.length).toBeGreaterThan(0);
    expect(admins.items.every((item: { roles: string[] }) => item.roles.includes('ADMIN'))).toBe(
      true,
    );

    const victim = await register(auth.app);
    await patchUser(victim.id, { disabled: true });
    const disabled = (await listUsers('disabled=true&pageSize=100')).json();
    expect(disabled.items.map((item: { id: string }) => item.id)).toContain(victim.id);
    expect(disabled.items.every((item: { disabled: boolean }) => item.disabled)).toBe(true);
  });

  it('when the search contains % or _, then they match literally', async () => {
    expect((await listUsers('q=%25')).json().total).toBe(0);
    expect((await listUsers('q=_')).json().total).toBe(0);
  });

  it('when the page size is 10000 or the role unknown, then it answers 400, never 5xx', async () => {
    expect((await listUsers('pageSize=10000')).statusCode).toBe(400);
    expect((await listUsers('pageSize=100')).statusCode).toBe(200);
    expect((await listUsers('role=ROOT')).statusCode).toBe(400);
    expect((await listUsers('page=0')).statusCode).toBe(400);
    expect((await listUsers('sort=email')).statusCode).toBe(400);
  });

  it('when an admin asks for one user, then it is returned; an unknown id is 404 and a malformed one 400', async () => {
    const user = await register(auth.app);
    const found = await auth.app.inject({
      method: 'GET',
      url: `/api/auth/users/${user.id}`,
      headers: bearer(adminToken),
    });
    expect(found.statusCode).toBe(200);
    expect(found.json()).toMatchObject({ id: user.id, email: user.email, disabled: false });
    const missing = await auth.app.inject({
      method: 'GET',
      url: `/api/auth/users/${randomUUID()}`,
      headers: bearer(adminToken),
    });
    expect(missing.statusCode).toBe(404);
    const malformed = await auth.app.inject({
      method: 'GET',
      url: '/api/auth/users/42',
      headers: bearer(adminToken),
    });
    expect(malformed.statusCode).toBe(400);
  });
});

describe('who may use admin routes', () => {
  it('when no token is sent, then every admin route answers 401', async () => {
    const id = randomUUID();
    for (const request of [
      { method: 'GET' as const, url: '/api/auth/users' },
      { method: 'GET' as const, url: `/api/auth/users/${id}` },
      { method: 'PATCH' as const, url: `/api/auth/users/${id}`, payload: { disabled: true } },
    ]) {
      const response = await auth.app.inject(request);
      expect(response.statusCode, request.url).toBe(401);
    }
  });

  it('when a CLIENT token is sent, then every admin route answers 403 and nothing changes', async () => {
    const client = await register(auth.app);
    expect((await listUsers('', client.accessToken)).statusCode).toBe(403);
    const getOne = await auth.app.inject({
      method: 'GET',
      url: `/api/auth/users/${client.id}`,
      headers: bearer(client.accessToken),
    });
    expect(getOne.statusCode).toBe(403);
    const promote = await patchUser(client.id, { roles: ['CLIENT', 'ADMIN'] }, client.accessToken);
    expect(promote.statusCode).toBe(403);
    expect(promote.json().code).toBe('forbidden');
    const row = await auth.db
      .selectFrom('users')
      .select('roles')
      .where('id', '=', client.id)
      .executeTakeFirstOrThrow();
    expect(row.roles).toEqual(['CLIENT']);
  });
});

describe('changing accounts', () => {
  it('when an admin grants ADMIN, then the user’s next token carries it and admin routes open', async () => {
    const user = await register(auth.app);
    const response = await patchUser(user.id, { roles: ['ADMIN', 'CLIENT'] });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      id: user.id,
      roles: ['CLIENT', 'ADMIN'],
      disabled: false,
    });

    const refreshed = (await refresh(auth.app, user.refreshToken)).json();
    expect(refreshed.user.roles).toEqual(['CLIENT', 'ADMIN']);
    expect((await listUsers('pageSize=1', refreshed.accessToken)).statusCode).toBe(200);
  });

  it('when an admin disables a user, then login with the right password is 403, refresh 401, the old access token 401, and the events are written', async () => {
    const user = await register(auth.app);
    const response = await patchUser(user.id, { disabled: true });
    expect(response.statusCode).toBe(200);
    expect(response.json().disabled).toBe(true);

    const rightPassword = await login(auth.app, user.email, user.password);
    expect(rightPassword.statusCode).toBe(403);
    expect(rightPassword.json()).toMatchObject({ code: 'forbidden', detail: 'account disabled' });
    expect((await login(auth.app, user.email, 'a wrong password')).statusCode).toBe(401);
    expect((await refresh(auth.app, user.refreshToken)).statusCode).toBe(401);
    expect((await me(auth.app, user.accessToken)).json()).toMatchObject({
      status: 401,
      detail: 'The access token has been revoked',
    });

    const families = await auth.db
      .selectFrom('refresh_token_families')
      .select('revoked_at')
      .where('user_id', '=', user.id)
      .execute();
    expect(families.every((family) => family.revoked_at !== null)).toBe(true);
    const events = (await loggedEvents(auth.db, 'auth.user.disabled')).filter(
      (event) => event.data.userId === user.id,
    );
    expect(events).toHaveLength(1);
    const revoked = (await loggedEvents(auth.db, 'auth.user.tokens_revoked')).filter(
      (event) => event.data.userId === user.id,
    );
    expect(revoked.map((event) => event.data)).toEqual([{ userId: user.id, tokenVersion: 1 }]);
  });

  it('when an admin re-enables a user, then they can log in again and auth.user.enabled is written once', async () => {
    const user = await register(auth.app);
    await patchUser(user.id, { disabled: true });
    const enabled = await patchUser(user.id, { disabled: false });
    expect(enabled.json().disabled).toBe(false);
    await patchUser(user.id, { disabled: false });
    expect((await login(auth.app, user.email, user.password)).statusCode).toBe(200);
    const events = (await loggedEvents(auth.db, 'auth.user.enabled')).filter(
      (event) => event.data.userId === user.id,
    );
    expect(events).toHaveLength(1);
  });

  it('when an admin tries to change their own roles or enabled state, then 403 and nothing changes', async () => {
    for (const patch of [
      { disabled: true },
      { disabled: false },
      { roles: ['CLIENT'] },
      { roles: ['ADMIN'] },
      { roles: ['CLIENT', 'ADMIN'] },
    ]) {
      const response = await patchUser(adminId, patch);
      expect(response.statusCode, JSON.stringify(patch)).toBe(403);
      expect(response.json().code).toBe('forbidden');
    }
    const row = await auth.db
      .selectFrom('users')
      .select(['roles', 'disabled_at'])
      .where('id', '=', adminId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ roles: ['CLIENT', 'ADMIN'], disabled_at: null });
  });

  it('when the change is empty, names an unknown role or an unknown key, then 400', async () => {
    const user = await register(auth.app);
    expect((await patchUser(user.id, {})).statusCode).toBe(400);
    expect((await patchUser(user.id, { roles: [] })).statusCode).toBe(400);
    expect((await patchUser(user.id, { roles: ['ROOT'] })).statusCode).toBe(400);
    expect((await patchUser(user.id, { disabled: 'yes' })).statusCode).toBe(400);
    expect((await patchUser(user.id, { email: 'new@example.com' })).statusCode).toBe(400);
  });

  it('when the user does not exist, then 404', async () => {
    expect((await patchUser(randomUUID(), { disabled: true })).statusCode).toBe(404);
  });
});
