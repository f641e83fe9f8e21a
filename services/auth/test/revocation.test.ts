import { randomUUID } from 'node:crypto';
import { SignJWT, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bearer,
  login,
  me,
  refresh,
  register,
  startAuth,
  type AuthHarness,
  type Registered,
} from './helpers.js';

const ADMIN_EMAIL = 'owner@revocation.example';
const ADMIN_PASSWORD = 'the owner passphrase';

let auth: AuthHarness;
let owner: { id: string; accessToken: string };

beforeAll(async () => {
  auth = await startAuth('revocation', { ADMIN_EMAIL, ADMIN_PASSWORD });
  const session = (await login(auth.app, ADMIN_EMAIL, ADMIN_PASSWORD)).json();
  owner = { id: session.user.id, accessToken: session.accessToken };
});

afterAll(async () => {
  await auth?.close();
});

const patchUser = (id: string, payload: object, token = owner.accessToken) =>
  auth.app.inject({
    method: 'PATCH',
    url: `/api/auth/users/${id}`,
    headers: bearer(token),
    payload,
  });

const feed = async (since?: string) => {
  const response = await auth.app.inject({
    url: `/internal/auth/revocations${since ? `?since=${encodeURIComponent(since)}` : ''}`,
  });
  expect(response.statusCode).toBe(200);
  return response.json<{
    now: string;
    keepSeconds: number;
    users: Array<{ userId: string; tokenVersion: number }>;
    sessions: Array<{ userId: string; sessionId: string }>;
  }>();
};

/** A second administrator, made by the owner, with a fresh session. */
async function anotherAdmin(): Promise<Registered> {
  const user = await register(auth.app);
  expect((await patchUser(user.id, { roles: ['CLIENT', 'ADMIN'] })).statusCode).toBe(200);
  const session = (await login(auth.app, user.email, user.password)).json();
  return { ...user, accessToken: session.accessToken, refreshToken: session.refreshToken };
}

/** Signs with the service's real key: a token as valid as the auth service makes them. */
function signWithRealKey(claims: JWTPayload): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    iss: 'souk-auth',
    aud: 'souk',
    jti: randomUUID(),
    sid: randomUUID(),
    iat: now,
    exp: now + 600,
    ...claims,
  })
    .setProtectedHeader({ alg: 'EdDSA', kid: auth.privateJwk.kid!, typ: 'JWT' })
    .sign(auth.signingKey);
}

describe('revoking access tokens', () => {
  it('when an admin is demoted, then its access token is refused at once, its session ends, and a new login carries only CLIENT', async () => {
    const admin = await anotherAdmin();
    expect((await patchUser(admin.id, { roles: ['CLIENT'] })).statusCode).toBe(200);

    expect((await me(auth.app, admin.accessToken)).json()).toMatchObject({
      status: 401,
      detail: 'The access token has been revoked',
    });
    expect((await refresh(auth.app, admin.refreshToken)).statusCode).toBe(401);
    expect((await feed()).users).toContainEqual(
      expect.objectContaining({ userId: admin.id, tokenVersion: 1 }),
    );
    const again = await login(auth.app, admin.email, admin.password);
    expect(again.json().user.roles).toEqual(['CLIENT']);
    expect((await me(auth.app, again.json().accessToken)).statusCode).toBe(200);
  });

  it('when an admin is given a role, then its sessions go on (the role arrives at the next refresh)', async () => {
    const user = await register(auth.app);
    expect((await patchUser(user.id, { roles: ['CLIENT', 'ADMIN'] })).statusCode).toBe(200);
    expect((await me(auth.app, user.accessToken)).statusCode).toBe(200);
    const refreshed = await refresh(auth.app, user.refreshToken);
    expect(refreshed.json().user.roles).toEqual(['CLIENT', 'ADMIN']);
  });

  it('when a client logs out, then the access token of that session is refused and another session goes on', async () => {
    const user = await register(auth.app);
    const other = (await login(auth.app, user.email, user.password)).json();
    const out = await auth.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      payload: { refreshToken: user.refreshToken },
    });
    expect(out.statusCode).toBe(204);
    expect((await me(auth.app, user.accessToken)).statusCode).toBe(401);
    expect((await me(auth.app, other.accessToken)).statusCode).toBe(200);
    expect((await feed()).sessions.filter((session) => session.userId === user.id)).toHaveLength(1);
  });

  it('when a client changes the password, then the other sessions’ access tokens are refused and this one goes on', async () => {
    const user = await register(auth.app);
    const other = (await login(auth.app, user.email, user.password)).json();
    const changed = await auth.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: bearer(user.accessToken),
      payload: { currentPassword: user.password, newPassword: 'another decent passphrase' },
    });
    expect(changed.statusCode).toBe(204);
    expect((await me(auth.app, other.accessToken)).statusCode).toBe(401);
    expect((await me(auth.app, user.accessToken)).statusCode).toBe(200);
  });

  it('when a refresh token is reused, then the access tokens of its session are refused too', async () => {
    const user = await register(auth.app);
    const rotated = (await refresh(auth.app, user.refreshToken)).json();
    expect((await refresh(auth.app, user.refreshToken)).statusCode).toBe(401);
    expect((await me(auth.app, rotated.accessToken)).statusCode).toBe(401);
  });

  it('when another instance of the service never saw the change, then it refuses the token once the broadcast arrives', async () => {
    const other = await auth.buildAnother();
    const user = await register(auth.app);
    expect((await me(other, user.accessToken)).statusCode).toBe(200);
    expect((await patchUser(user.id, { disabled: true })).statusCode).toBe(200);
    await expect
      .poll(async () => (await me(other, user.accessToken)).statusCode, {
        timeout: 2_000,
        interval: 50,
      })
      .toBe(401);
  });
});

describe('the acting administrator', () => {
  it('when a disabled admin uses a token that is still valid, then it cannot enable or promote itself', async () => {
    const admin = await anotherAdmin();
    expect((await patchUser(admin.id, { disabled: true })).statusCode).toBe(200);
    // As valid as the auth service makes tokens: the current version, a session never revoked.
    const stillValid = await signWithRealKey({ sub: admin.id, roles: ['CLIENT', 'ADMIN'], ver: 1 });
    for (const change of [{ disabled: false }, { roles: ['CLIENT', 'ADMIN'] }]) {
      const response = await patchUser(admin.id, change, stillValid);
      expect(response.statusCode).toBe(403);
    }
    const row = await auth.db
      .selectFrom('users')
      .select(['disabled_at'])
      .where('id', '=', admin.id)
      .executeTakeFirstOrThrow();
    expect(row.disabled_at).not.toBeNull();
    expect((await login(auth.app, admin.email, admin.password)).statusCode).toBe(403);
  });

  it('when a token says ADMIN but the account is a client, then admin writes are refused', async () => {
    const client = await register(auth.app);
    const victim = await register(auth.app);
    const forged = await signWithRealKey({ sub: client.id, roles: ['CLIENT', 'ADMIN'] });
    expect((await patchUser(victim.id, { roles: ['CLIENT', 'ADMIN'] }, forged)).statusCode).toBe(
      403,
    );
    expect((await patchUser(client.id, { roles: ['CLIENT', 'ADMIN'] }, forged)).statusCode).toBe(
      403,
    );
  });

  it('when the only admin tries to demote or disable itself, then it is refused and stays an active admin', async () => {
    for (const change of [{ disabled: true }, { roles: ['CLIENT'] }])
      expect((await patchUser(owner.id, change)).statusCode).toBe(403);
    expect((await me(auth.app, owner.accessToken)).json().roles).toEqual(['CLIENT', 'ADMIN']);
  });
});

describe('the revocation feed', () => {
  it('when asked since a time, then it lists only what was revoked after it, and it is not under /api', async () => {
    const first = await feed();
    expect(first.keepSeconds).toBe(auth.config.ACCESS_TOKEN_TTL_SECONDS);
    const user = await register(auth.app);
    await auth.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      payload: { refreshToken: user.refreshToken },
    });
    const later = await feed(first.now);
    expect(later.sessions.map((session) => session.userId)).toEqual([user.id]);
    expect(
      (await auth.app.inject({ url: '/internal/auth/revocations?since=yesterday' })).statusCode,
    ).toBe(400);
    expect((await auth.app.inject({ url: '/api/auth/revocations' })).statusCode).toBe(404);
  });
});
