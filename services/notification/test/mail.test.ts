import { randomUUID } from 'node:crypto';
import { startMailCatcher, type CaughtMail, type MailCatcher } from '@souk/mail-catcher';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNotificationService, type Harness } from './helpers.js';

// The notification service mails a user's messages through a real SMTP server (the mail catcher
// the launcher runs), reading the address from the account events it has seen.

describe('notification mail', () => {
  let catcher: MailCatcher;
  let service: Harness;
  const SHOP_URL = 'https://shop.example.com';

  beforeAll(async () => {
    catcher = await startMailCatcher();
    service = await startNotificationService(
      'mail',
      {},
      { SMTP_URL: catcher.smtpUrl, MAIL_FROM: 'Souk <orders@souk.example>', SHOP_URL },
    );
  }, 60_000);
  afterAll(async () => {
    await service?.close();
    await catcher?.close();
  });

  let registered = 0;
  async function register(firstName = 'Amina') {
    const userId = randomUUID();
    const email = `client-${++registered}-${userId.slice(0, 8)}@example.com`;
    await service.publish('auth.user.registered', {
      userId,
      email,
      firstName,
      lastName: 'Benali',
      phone: null,
      roles: ['CLIENT'],
    });
    return { userId, email };
  }
  const paid = (userId: string, total = 24_900) => ({
    orderId: randomUUID(),
    userId,
    paymentId: randomUUID(),
    total,
    currency: 'MAD',
    items: [{ productId: randomUUID(), quantity: 2 }],
  });
  const mailsTo = (email: string) =>
    catcher.messages().filter((mail) => mail.envelope.to.includes(email));
  const to = (email: string) => (mail: CaughtMail) => mail.envelope.to.includes(email);

  it('when an order is paid, then its owner gets one mail in French with both parts, the total and a link to the order', async () => {
    const client = await register();
    const order = paid(client.userId);
    await service.publish('order.paid', order);

    const mail = await catcher.waitForMail(to(client.email));
    expect(mail.from).toBe('"Souk" <orders@souk.example>');
    expect(mail.subject).toMatch(/^Paiement reçu pour la commande #/);
    expect(mail.text).toContain('Bonjour Amina,');
    expect(mail.text).toMatch(/249,00\s*MAD/);
    expect(mail.text).toContain(`${SHOP_URL}/orders/${order.orderId}`);
    expect(mail.html).toContain(`href="${SHOP_URL}/orders/${order.orderId}"`);
    expect(mail.html).toContain('<html lang="fr">');
    expect(mail.messageId).toMatch(/@mail\.souk>$/);
  });

  it('when the SMTP server refuses the first attempts, then the mail is retried and arrives once', async () => {
    const client = await register();
    catcher.refuseNext(2);
    await service.publish('order.shipped', { orderId: randomUUID(), userId: client.userId });
    await catcher.waitForMail(to(client.email), 30_000);

    // A later mail to the same person is the marker: once it is in, no retry of the first is pending.
    await service.publish('order.delivered', { orderId: randomUUID(), userId: client.userId });
    await catcher.waitForMail((mail) => to(client.email)(mail) && /livrée/i.test(mail.subject));
    expect(mailsTo(client.email).map((mail) => mail.subject)).toEqual([
      expect.stringMatching(/expédiée/i),
      expect.stringMatching(/livrée/i),
    ]);
  }, 60_000);

  it('when an event is delivered twice, then the mail is sent once', async () => {
    const client = await register();
    const first = await service.publish('order.shipped', {
      orderId: randomUUID(),
      userId: client.userId,
    });
    await catcher.waitForMail(to(client.email));
    await service.deliverAgain(first);
    await service.publish('order.delivered', { orderId: randomUUID(), userId: client.userId });
    await catcher.waitForMail((mail) => to(client.email)(mail) && /livrée/i.test(mail.subject));
    expect(mailsTo(client.email)).toHaveLength(2);
  }, 60_000);

  it('when a message is not one that is mailed, then it is only stored', async () => {
    const client = await register();
    const placed = await service.publish('order.placed', {
      orderId: randomUUID(),
      userId: client.userId,
      items: [{ productId: randomUUID(), name: 'Tajine', unitPrice: 1000, quantity: 1 }],
      total: 1000,
      currency: 'MAD',
      placedAt: new Date().toISOString(),
    });
    await service.waitForMessages(placed.id);
    await service.publish('order.paid', paid(client.userId, 1000));
    await catcher.waitForMail(to(client.email));
    expect(mailsTo(client.email).map((mail) => mail.subject)).toEqual([
      expect.stringMatching(/^Paiement reçu/),
    ]);
  });

  it('when the message arrives before the account event, then the mail waits for the address and is sent', async () => {
    const userId = randomUUID();
    const email = `late-${userId.slice(0, 8)}@example.com`;
    const order = paid(userId);
    const event = await service.publish('order.paid', order);
    // The stored message does not wait for the address.
    await service.waitForMessages(event.id, 2);
    await service.publish('auth.user.registered', {
      userId,
      email,
      firstName: 'Youssef',
      lastName: 'Alaoui',
      phone: null,
      roles: ['CLIENT'],
    });
    const mail = await catcher.waitForMail(to(email), 30_000);
    expect(mail.text).toContain('Bonjour Youssef,');
  }, 60_000);

  it('when a password reset is asked for, then the link goes to the address in the event, with the token in its fragment', async () => {
    const client = await register('Leila');
    const token = 'x'.repeat(43);
    await service.publish('auth.password_reset.requested', {
      userId: client.userId,
      email: client.email,
      firstName: 'Leila',
      token,
      expiresAt: new Date(Date.now() + 30 * 60_000).toISOString(),
    });
    const mail = await catcher.waitForMail(to(client.email));
    expect(mail.subject).toBe('Réinitialiser votre mot de passe');
    expect(mail.text).toContain('Bonjour Leila,');
    expect(mail.text).toContain(`${SHOP_URL}/reset-password#token=${token}`);
    expect(mail.html).toContain('Choisir un nouveau mot de passe');
    // A secret, not news: no stored message is made of it.
    const stored = await service.db
      .selectFrom('notifications')
      .select('kind')
      .where('recipient_id', '=', client.userId)
      .execute();
    expect(stored.map((row) => row.kind)).toEqual(['auth.user.registered']);
  });
});
