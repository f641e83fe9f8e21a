import type { System } from './system.js';

/** A message as the launcher's mail catcher lists it (`GET /api/messages`). */
export interface CaughtMail {
  id: string;
  envelope: { from: string; to: string[] };
  from: string;
  subject: string;
  text: string;
  html?: string;
  messageId?: string;
}

/** Every mail the system's catcher holds, newest first. */
export async function mailbox(system: System): Promise<CaughtMail[]> {
  if (!system.mailUrl) throw new Error('this system runs no mail catcher (SMTP_URL was given)');
  const response = await fetch(`${system.mailUrl}/api/messages`);
  return (await response.json()) as CaughtMail[];
}

/** Polls the catcher (bounded) until a mail to `address` matches, and returns it. */
export async function waitForMailTo(
  system: System,
  address: string,
  match: (mail: CaughtMail) => boolean = () => true,
  timeoutMs = 30_000,
): Promise<CaughtMail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await mailbox(system)).find(
      (mail) => mail.envelope.to.includes(address) && match(mail),
    );
    if (found) return found;
    if (Date.now() > deadline)
      throw new Error(`no matching mail to ${address} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
