import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashRefreshToken } from '../src/tokens/refresh-tokens.js';
import { login, me, refresh, register, startAuth, type AuthHarness } from './helpers.js';

let auth: AuthHarness;

beforeAll(async () => {
  auth = await startAuth('sessions');
});

afterAll(async () => {
  await auth?.close();
});

/** Bounded wait until `count` sessions of this database are blocked on a row lock. */
async function waitForLockWaiters(count: number): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline) {
    const { rows } = await sql<{ waiting: number }>`
      SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'
    `.execute(auth.db);
    if ((rows[0]?.waiting ?? 0) >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('refresh', () => {
  it('when a refresh token is used, then a new pair comes back and the new access token works', async () => {
    const user = await register(auth.app);
    const response = await refresh(auth.app, user.refreshToken);
    expect(response.statusCode).toBe(200);
    const next = response.json();
    expect(next).toEqual({
      user: { id: user.id, email: user.email, roles: ['CLIENT'] },
      accessToken: expect.any(String),
      refreshToken: expect.any(String),
      expiresIn: 900,
    });
    expect(next.refreshToken).not.toBe(user.refreshToken);
    expect(next.accessToken).not.toBe(user.accessToken);
    expect((await me(auth.app, next.accessToken)).statusCode).toBe(200);
    expect((await refresh(auth.app, next.refreshToken)).statusCode).toBe(200);
  });

  it('when a refresh token is stored, then only its SHA-256 hash is in the database', async () => {
    const user = await register(auth.app);
    const rows = await auth.db
      .selectFrom('refresh_tokens')
      .select('token_hash')
      .where('token_hash', '=', hashRefreshToken(user.refreshToken))
      .execute();
    expect(rows).toHaveLength(1);
    const raw = await auth.db
      .selectFrom('refresh_tokens')
      .select('token_hash')
      .where('token_hash', '=', user.refreshToken)
      .execute();
    expect(raw).toHaveLength(0);
  });

  it('when a used refresh token comes back, then it gets 401 and the newer token of its family stops working too', async () => {
    const user = await register(auth.app);
    const rotated = (await refresh(auth.app, user.refreshToken)).json();

    const replay = await refresh(auth.app, user.refreshToken);
    expect(replay.statusCode).toBe(401);
    expect(replay.json().code).toBe('unauthorized');

    expect((await refresh(auth.app, rotated.refreshToken)).statusCode).toBe(401);
  });

  it('when a token is reused, then other sessions of the same user keep working', async () => {
    const user = await register(auth.app);
    const otherSession = (await login(auth.app, user.email, user.password)).json();
    await refresh(auth.app, user.refreshToken);
    await refresh(auth.app, user.refreshToken);
    expect((await refresh(auth.app, otherSession.refreshToken)).statusCode).toBe(200);
  });

  it('when two refreshes race with one token, then exactly one gets 200', async () => {
    const user = await register(auth.app);
    // Hold the token row so both requests are in flight at once, then let them go together.
    const pending = await auth.db.transaction().execute(async (trx) => {
      await trx
        .selectFrom('refresh_tokens')
        .select('token_hash')
        .where('token_hash', '=', hashRefreshToken(user.refreshToken))
        .forUpdate()
        .execute();
      const requests = Promise.all([1, 2].map(() => refresh(auth.app, user.refreshToken)));
      await waitForLockWaiters(2);
      return { requests }; // not the promise itself: the transaction must commit without awaiting it
    });
    const statuses = (await pending.requests).map((response) => response.statusCode).sort();
    expect(statuses).toEqual([200, 401]);
  });

  it('when the refresh token has expired, then it gets 401', async () => {
    const user = await register(auth.app);
    await auth.db
      .updateTable('refresh_tokens')
      .set({ expires_at: sql`now() - interval '1 second'` })
      .where('token_hash', '=', hashRefreshToken(user.refreshToken))
      .execute();
    expect((await refresh(auth.app, user.refreshToken)).statusCode).toBe(401);
  });

  it('when a refresh token is issued, then it expires after REFRESH_TOKEN_TTL_SECONDS (30 days by default)', async () => {
    const user = await register(auth.app);
    const row = await auth.db
      .selectFrom('refresh_tokens')
      .select(sql<number>`extract(epoch from expires_at - created_at)`.as('seconds'))
      .where('token_hash', '=', hashRefreshToken(user.refreshToken))
      .executeTakeFirstOrThrow();
    expect(Math.abs(Number(row.seconds) - 30 * 86_400)).toBeLessThan(5);
  });

  it('when the token is unknown or malformed, then it gets 401 or 400, never 5xx', async () => {
    expect((await refresh(auth.app, 'A'.repeat(43))).statusCode).toBe(401);
    expect((await refresh(auth.app, '')).statusCode).toBe(400);
    const wrongType = await auth.app.inject({
      method: 'POST',
      url: '/api/auth/refresh',
      payload: { refreshToken: 42 },
    });
    expect(wrongType.statusCode).toBe(400);
  });
});

describe('logout', () => {
  it('when a user logs out, then 204 and neither that refresh token nor its family works any more', async () => {
    const user = await register(auth.app);
    const rotated = (await refresh(auth.app, user.refreshToken)).json();
    const response = await auth.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      payload: { refreshToken: rotated.refreshToken },
    });
    expect(response.statusCode).toBe(204);
    expect(response.body).toBe('');
    expect((await refresh(auth.app, rotated.refreshToken)).statusCode).toBe(401);
  });

  it('when logout is sent with an unknown token, then it still answers 204', async () => {
    const response = await auth.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      payload: { refreshToken: 'not-a-token-we-know' },
    });
    expect(response.statusCode).toBe(204);
  });

  it('when one session logs out, then another session of the same user stays', async () => {
    const user = await register(auth.app);
    const other = (await login(auth.app, user.email, user.password)).json();
    await auth.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      payload: { refreshToken: user.refreshToken },
    });
    expect((await refresh(auth.app, other.refreshToken)).statusCode).toBe(200);
  });
});
