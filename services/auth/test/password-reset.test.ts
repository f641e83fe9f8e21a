import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  loggedEvents,
  login,
  me,
  randomIp,
  recordOutboxTransactions,
  refresh,
  register,
  startAuth,
  uniqueEmail,
  type AuthHarness,
} from './helpers.js';

describe('password reset', () => {
  let auth: AuthHarness;

  beforeAll(async () => {
    auth = await startAuth('reset', { PASSWORD_RESET_MAX_PER_EMAIL: '3' });
    await recordOutboxTransactions(auth.db);
  }, 60_000);
  afterAll(() => auth?.close());

  const ask = (email: string, ip = randomIp()) =>
    auth.app.inject({
      method: 'POST',
      url: '/api/auth/password-reset',
      payload: { email },
      remoteAddress: ip,
    });
  const confirm = (token: string, password: string) =>
    auth.app.inject({
      method: 'POST',
      url: '/api/auth/password-reset/confirm',
      payload: { token, password },
    });
  /** The token the mail would carry: the event is the only place it exists. */
  async function tokensFor(userId: string): Promise<string[]> {
    const events = await loggedEvents(auth.db, 'auth.password_reset.requested');
    return events.filter((event) => event.data.userId === userId).map((e) => String(e.data.token));
  }

  it('when an account asks, then 202, one event with a token whose hash alone is stored, valid 30 minutes', async () => {
    const user = await register(auth.app);
    const reply = await ask(`  ${user.email.toUpperCase()} `);
    expect(reply.statusCode).toBe(202);
    expect(reply.headers['cache-control']).toBe('no-store');
    const [token] = await tokensFor(user.id);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const rows = await auth.db
      .selectFrom('password_resets')
      .select(['token_hash', sql<number>`extract(epoch from expires_at - created_at)`.as('ttl')])
      .where('user_id', '=', user.id)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.token_hash).toBe(createHash('sha256').update(token!).digest('hex'));
    expect(rows[0]!.token_hash).not.toContain(token!);
    expect(Math.round(Number(rows[0]!.ttl) / 60)).toBe(30);
  });

  it('when an unknown address asks, then the answer is the same and nothing is sent', async () => {
    const before = (await loggedEvents(auth.db, 'auth.password_reset.requested')).length + 1;
    const known = await ask((await register(auth.app)).email);
    const reply = await ask(uniqueEmail('nobody'));
    expect(reply.statusCode).toBe(202);
    expect(reply.body).toBe(known.body);
    expect(reply.headers['content-type']).toBe(known.headers['content-type']);
    expect(await loggedEvents(auth.db, 'auth.password_reset.requested')).toHaveLength(before);
  });

  it('when the link is used, then the new password works, the old one and every session stop, and the link cannot be used again', async () => {
    const user = await register(auth.app);
    await ask(user.email);
    const [token] = await tokensFor(user.id);
    const done = await confirm(token!, 'a brand new passphrase');
    expect(done.statusCode).toBe(204);

    expect((await login(auth.app, user.email, 'a brand new passphrase')).statusCode).toBe(200);
    expect((await login(auth.app, user.email, user.password)).statusCode).toBe(401);
    expect((await refresh(auth.app, user.refreshToken)).statusCode).toBe(401);
    await vi.waitFor(
      async () => expect((await me(auth.app, user.accessToken)).statusCode).toBe(401),
      {
        timeout: 5_000,
      },
    );

    const again = await confirm(token!, 'yet another passphrase');
    expect(again.statusCode).toBe(400);
    expect(again.json()).toMatchObject({ code: 'validation_failed', reason: 'reset_link_used' });
  });

  it('when a newer link is asked for, then the older one stops working', async () => {
    const user = await register(auth.app);
    await ask(user.email);
    await ask(user.email);
    const [older, newer] = await tokensFor(user.id);
    expect((await confirm(older!, 'a brand new passphrase')).json()).toMatchObject({
      reason: 'reset_link_used',
    });
    expect((await confirm(newer!, 'a brand new passphrase')).statusCode).toBe(204);
  });

  it('when the link has expired or was never issued, then it is refused saying which', async () => {
    const user = await register(auth.app);
    await ask(user.email);
    const [token] = await tokensFor(user.id);
    await auth.db
      .updateTable('password_resets')
      .set({ expires_at: sql`now() - interval '1 second'` })
      .where('user_id', '=', user.id)
      .execute();
    expect((await confirm(token!, 'a brand new passphrase')).json()).toMatchObject({
      reason: 'reset_link_expired',
    });
    expect((await confirm('A'.repeat(43), 'a brand new passphrase')).json()).toMatchObject({
      reason: 'reset_link_unknown',
    });
    // And the old password still works: nothing changed.
    expect((await login(auth.app, user.email, user.password)).statusCode).toBe(200);
  });

  it('when the new password is weak, then it is refused and the link still works', async () => {
    const user = await register(auth.app);
    await ask(user.email);
    const [token] = await tokensFor(user.id);
    const weak = await confirm(token!, 'password123');
    expect(weak.statusCode).toBe(400);
    expect((await confirm(token!, 'a brand new passphrase')).statusCode).toBe(204);
  });

  it('when one address is asked for too often, then 429, known account or not', async () => {
    for (const email of [(await register(auth.app)).email, uniqueEmail('ghost')]) {
      for (let i = 0; i < 3; i++) expect((await ask(email)).statusCode).toBe(202);
      const limited = await ask(email);
      expect(limited.statusCode).toBe(429);
      expect(limited.headers['retry-after']).toMatch(/^\d+$/);
    }
  });

  it('when a body has unknown keys or a malformed token, then 400 and nothing happens', async () => {
    const extra = await auth.app.inject({
      method: 'POST',
      url: '/api/auth/password-reset',
      payload: { email: uniqueEmail(), admin: true },
    });
    expect(extra.statusCode).toBe(400);
    expect((await confirm('short', 'a brand new passphrase')).statusCode).toBe(400);
  });
});
