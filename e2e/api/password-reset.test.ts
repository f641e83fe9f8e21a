import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, type ApiClient } from '../support/api.js';
import { mailbox, waitForMailTo } from '../support/mail.js';
import { startSystem, type System } from '../support/system.js';

// A forgotten password through the gateway, with the mail read from the launcher's SMTP catcher:
// ask -> mail -> new password; the old sessions end and the link works once.

describe('password reset by mail', () => {
  let system: System;
  let api: ApiClient;

  beforeAll(async () => {
    system = await startSystem();
    api = apiClient(system.gatewayUrl);
  }, 200_000);
  afterAll(() => system?.stop(), 60_000);

  /** The token from the mail's link (in the URL's fragment). */
  const tokenIn = (text: string) => /\/reset-password#token=([A-Za-z0-9_-]{43})/.exec(text)?.[1];

  it('when a client asks for a reset, then the mailed link sets a new password, ends the old sessions and works only once', async () => {
    const client = await api.register('forgetful');
    const asked = await api.post('/api/auth/password-reset', { body: { email: client.email } });
    expect(asked.status).toBe(202);

    const mail = await waitForMailTo(system, client.email, (m) => /mot de passe/i.test(m.subject));
    expect(mail.subject).toBe('Réinitialiser votre mot de passe');
    expect(mail.html).toBeTruthy();
    const token = tokenIn(mail.text);
    expect(token).toBeDefined();
    expect(mail.text).toContain(`http://localhost:${system.ports.gateway}/reset-password#token=`);

    const newPassword = 'a fresh and long passphrase';
    const confirmed = await api.post('/api/auth/password-reset/confirm', {
      body: { token, password: newPassword },
    });
    expect(confirmed.status).toBe(204);

    expect(await api.login(client.email, newPassword)).toBeTruthy();
    const oldPassword = await api.post('/api/auth/login', {
      body: { email: client.email, password: client.password },
    });
    expect(oldPassword.status).toBe(401);
    const oldSession = await api.post('/api/auth/refresh', {
      body: { refreshToken: client.refreshToken },
    });
    expect(oldSession.status).toBe(401);

    const reused = await api.post('/api/auth/password-reset/confirm', {
      body: { token, password: 'another long passphrase' },
    });
    expect(reused.status).toBe(400);
    expect(reused.body).toMatchObject({ reason: 'reset_link_used' });
  }, 90_000);

  it('when an unknown address asks, then the answer is the same and no mail is sent', async () => {
    const known = await api.register('known');
    const ghost = `ghost-${Date.now()}@example.com`;
    // The ghost first: the known account's mail, asked for after it, is the marker.
    const unknownReply = await api.post('/api/auth/password-reset', { body: { email: ghost } });
    const knownReply = await api.post('/api/auth/password-reset', { body: { email: known.email } });
    expect(unknownReply.status).toBe(knownReply.status);
    expect(unknownReply.body).toEqual(knownReply.body);
    await waitForMailTo(system, known.email);
    expect((await mailbox(system)).some((mail) => mail.envelope.to.includes(ghost))).toBe(false);
  }, 90_000);
});
