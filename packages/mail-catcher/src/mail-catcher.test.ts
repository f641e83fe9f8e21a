import { afterEach, describe, expect, it } from 'vitest';
import nodemailer from 'nodemailer';
import { startMailCatcher, type MailCatcher } from './index.js';

describe('mail catcher', () => {
  let catcher: MailCatcher | undefined;
  afterEach(async () => {
    await catcher?.close();
    catcher = undefined;
  });

  const transport = (url: string) => nodemailer.createTransport(url);

  it('when a message is sent over SMTP, then it keeps both parts and shows it on its page', async () => {
    catcher = await startMailCatcher();
    await transport(catcher.smtpUrl).sendMail({
      from: 'Souk <shop@souk.local>',
      to: 'amina@example.com',
      subject: 'Votre commande',
      text: 'Bonjour, voir http://localhost:8080/orders/1',
      html: '<p>Bonjour <script>alert(1)</script></p>',
    });
    const mail = await catcher.waitForMail((m) => m.envelope.to.includes('amina@example.com'));
    expect(mail).toMatchObject({
      subject: 'Votre commande',
      from: '"Souk" <shop@souk.local>',
      envelope: { from: 'shop@souk.local', to: ['amina@example.com'] },
    });
    expect(mail.text).toContain('Bonjour');
    expect(mail.html).toContain('<p>Bonjour');

    const inbox = await fetch(`${catcher.webUrl}/`);
    expect(await inbox.text()).toContain(`/messages/${mail.id}`);
    const page = await fetch(`${catcher.webUrl}/messages/${mail.id}`);
    const body = await page.text();
    expect(body).toContain('<a href="http://localhost:8080/orders/1"');
    const html = await fetch(`${catcher.webUrl}/messages/${mail.id}/html`);
    // The mail's own HTML runs nothing: it is served in a sandbox.
    expect(html.headers.get('content-security-policy')).toMatch(/^sandbox/);
    const list = (await (await fetch(`${catcher.webUrl}/api/messages`)).json()) as unknown[];
    expect(list).toHaveLength(1);
  });

  it('when told to refuse, then the next messages get a temporary failure and later ones pass', async () => {
    catcher = await startMailCatcher();
    catcher.refuseNext(2);
    const sender = transport(catcher.smtpUrl);
    const send = () =>
      sender.sendMail({ from: 'a@souk.local', to: 'b@example.com', subject: 'x', text: 'x' });
    await expect(send()).rejects.toMatchObject({ responseCode: 451 });
    await expect(send()).rejects.toMatchObject({ responseCode: 451 });
    await send();
    expect(catcher.messages()).toHaveLength(1);
  });

  it('when waiting for a mail that never comes, then it fails saying what arrived', async () => {
    catcher = await startMailCatcher();
    await expect(catcher.waitForMail(() => false, 200)).rejects.toThrow(
      /No matching mail.*nothing/,
    );
  });

  it('when more than the limit arrive, then the oldest are dropped', async () => {
    catcher = await startMailCatcher({ maxMessages: 2 });
    const sender = transport(catcher.smtpUrl);
    for (const subject of ['one', 'two', 'three'])
      await sender.sendMail({ from: 'a@souk.local', to: 'b@example.com', subject, text: subject });
    expect(catcher.messages().map((mail) => mail.subject)).toEqual(['two', 'three']);
  });
});
