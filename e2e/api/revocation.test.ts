import { randomUUID } from 'node:crypto';
import { openStream, type StreamClient } from '@souk/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, eventually, type ApiClient } from '../support/api.js';
import { startSystem, type System } from '../support/system.js';

/**
 * Revocation through the real processes: once an account is disabled, demoted or deleted, or a
 * session logs out, the gateway and every service refuse its access tokens within 2 s (each
 * verifier hears the revocation on the bus), and its live streams end.
 */
const WITHIN_MS = 2_000;

/** A route of each service that needs a signed-in user; the first answer is not 401 for a valid token. */
const CLIENT_PROBES: Record<string, string> = {
  auth: '/api/auth/me',
  client: '/api/clients/me',
  order: '/api/cart',
  payment: `/api/payments?orderId=${randomUUID()}`,
  notification: '/api/notifications',
};
const ADMIN_PROBES: Record<string, string> = {
  ...CLIENT_PROBES,
  product: '/api/products/low-stock',
};

describe('revoked access tokens, everywhere', () => {
  let system: System;
  let api: ApiClient;
  let adminToken: string;
  const streams: StreamClient[] = [];

  beforeAll(async () => {
    system = await startSystem();
    api = apiClient(system.gatewayUrl);
    adminToken = await api.login(system.admin.email, system.admin.password);
  });
  afterAll(async () => {
    for (const stream of streams) stream.close();
    await system?.stop();
  });

  /** Status of a probe at the gateway and at each service's own port. */
  async function statuses(
    token: string,
    probes: Record<string, string>,
  ): Promise<Record<string, number>> {
    const entries = await Promise.all([
      ...Object.entries(probes).map(async ([service, path]) => {
        const response = await fetch(`${system.services[service]!.url}${path}`, {
          headers: { authorization: `Bearer ${token}` },
        });
        await response.body?.cancel();
        return [service, response.status] as const;
      }),
      (async () => ['gateway', (await api.get(probes.order!, { token })).status] as const)(),
    ]);
    return Object.fromEntries(entries);
  }

  async function expectAccepted(token: string, probes: Record<string, string>): Promise<void> {
    const seen = await statuses(token, probes);
    for (const [where, status] of Object.entries(seen))
      expect(status, `${where} before the revocation`).not.toBe(401);
  }

  /** Polls until every place answers 401; fails with what answered otherwise when 2 s have passed. */
  async function expectRefusedEverywhere(
    token: string,
    probes: Record<string, string>,
    since: number,
  ): Promise<void> {
    let seen: Record<string, number> = {};
    while (Date.now() - since <= WITHIN_MS) {
      seen = await statuses(token, probes);
      if (Object.values(seen).every((status) => status === 401)) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(seen, `still accepted ${WITHIN_MS} ms after the revocation`).toEqual(
      Object.fromEntries(Object.keys(seen).map((where) => [where, 401])),
    );
  }

  async function stream(token: string): Promise<StreamClient> {
    const opened = await openStream(`${system.gatewayUrl}/api/notifications/stream`, token);
    streams.push(opened);
    expect(opened.status).toBe(200);
    await opened.next((message) => message.event === 'unread');
    return opened;
  }

  async function newAdmin(): Promise<{
    userId: string;
    email: string;
    password: string;
    token: string;
    refreshToken: string;
  }> {
    const user = await api.register('admin-to-be');
    expect(
      (
        await api.patch(`/api/auth/users/${user.userId}`, {
          token: adminToken,
          body: { roles: ['CLIENT', 'ADMIN'] },
        })
      ).status,
    ).toBe(200);
    const login = await api.post('/api/auth/login', {
      body: { email: user.email, password: user.password },
    });
    return { ...user, token: login.body.accessToken, refreshToken: login.body.refreshToken };
  }

  it('when an admin disables a client, then the client’s token is refused by the gateway and every service within 2 s, and its stream ends', async () => {
    const client = await api.register('disabled');
    const live = await stream(client.token);
    await expectAccepted(client.token, CLIENT_PROBES);

    expect(
      (
        await api.patch(`/api/auth/users/${client.userId}`, {
          token: adminToken,
          body: { disabled: true },
        })
      ).status,
    ).toBe(200);
    const at = Date.now();
    await expectRefusedEverywhere(client.token, CLIENT_PROBES, at);
    await live.next((message) => message.event === 'revoked', WITHIN_MS);
    await live.ended(1_000);
  });

  it('when an admin is demoted, then its admin token is refused everywhere within 2 s, and with it it cannot restore itself', async () => {
    const admin = await newAdmin();
    const live = await stream(admin.token);
    await expectAccepted(admin.token, ADMIN_PROBES);

    expect(
      (
        await api.patch(`/api/auth/users/${admin.userId}`, {
          token: adminToken,
          body: { roles: ['CLIENT'] },
        })
      ).status,
    ).toBe(200);
    await expectRefusedEverywhere(admin.token, ADMIN_PROBES, Date.now());
    await live.next((message) => message.event === 'revoked', WITHIN_MS);

    expect(
      (
        await api.patch(`/api/auth/users/${admin.userId}`, {
          token: admin.token,
          body: { roles: ['CLIENT', 'ADMIN'] },
        })
      ).status,
    ).toBe(401);
    expect(
      (await api.post('/api/auth/refresh', { body: { refreshToken: admin.refreshToken } })).status,
    ).toBe(401);
    const again = await api.post('/api/auth/login', {
      body: { email: admin.email, password: admin.password },
    });
    expect(again.body.user.roles).toEqual(['CLIENT']);
    expect(
      (
        await api.patch(`/api/auth/users/${admin.userId}`, {
          token: again.body.accessToken,
          body: { roles: ['CLIENT', 'ADMIN'] },
        })
      ).status,
    ).toBe(403);
  });

  it('when an admin deletes a client, then the client’s token is refused everywhere within 2 s of the account being disabled', async () => {
    const client = await api.register('deleted');
    const live = await stream(client.token);
    await expectAccepted(client.token, CLIENT_PROBES);

    // The profile is made from the registration event: wait for it before deleting it.
    const profile = await eventually(async () => {
      const found = await api.get(`/api/clients?q=${encodeURIComponent(client.email)}`, {
        token: adminToken,
      });
      return found.body.items?.[0] as { id: string } | undefined;
    }, 'the client profile');
    expect((await api.delete(`/api/clients/${profile.id}`, { token: adminToken })).status).toBe(
      204,
    );
    // The deletion reaches the auth service as an event; the 2 s count from the account's disabling.
    let disabledAt = 0;
    for (const deadline = Date.now() + 10_000; Date.now() < deadline && !disabledAt;) {
      const account = await api.get(`/api/auth/users/${client.userId}`, { token: adminToken });
      if (account.body.disabled) disabledAt = Date.now();
      else await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(disabledAt, 'the account is disabled after its profile was deleted').toBeGreaterThan(0);
    await expectRefusedEverywhere(client.token, CLIENT_PROBES, disabledAt);
    await live.next((message) => message.event === 'revoked', WITHIN_MS);
  });

  it('when a client logs out, then the token of that session is refused everywhere within 2 s and another session goes on', async () => {
    const client = await api.register('logout');
    const other = await api.login(client.email, client.password);
    const live = await stream(client.token);
    expect(
      (await api.post('/api/auth/logout', { body: { refreshToken: client.refreshToken } })).status,
    ).toBe(204);
    await expectRefusedEverywhere(client.token, CLIENT_PROBES, Date.now());
    await live.next((message) => message.event === 'revoked', WITHIN_MS);
    await expectAccepted(other, CLIENT_PROBES);
  });

  it('when the only admin tries to demote or disable itself, then it is refused and it stays an admin', async () => {
    const me = await api.get('/api/auth/me', { token: adminToken });
    for (const body of [{ roles: ['CLIENT'] }, { disabled: true }]) {
      expect(
        (await api.patch(`/api/auth/users/${me.body.id}`, { token: adminToken, body })).status,
      ).toBe(403);
    }
    expect((await api.get('/api/products/low-stock', { token: adminToken })).status).toBe(200);
  });
});
