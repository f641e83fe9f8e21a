import { randomUUID } from 'node:crypto';
import { EventEmitter, once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { renderInbox, renderMessage } from './pages.js';

/** One message as the catcher received it over SMTP. */
export interface CaughtMail {
  id: string;
  receivedAt: string;
  /** The envelope's sender and recipients (MAIL FROM, RCPT TO), which decide delivery. */
  envelope: { from: string; to: string[] };
  /** The From, To and Subject headers, as the recipient reads them. */
  from: string;
  to: string;
  subject: string;
  messageId: string | undefined;
  /** Headers by lower-case name (the first value when a header repeats). */
  headers: Record<string, string>;
  text: string;
  html: string | undefined;
  /** Size of the raw message in bytes. */
  size: number;
}

export interface MailCatcherOptions {
  /** Both servers bind here; 127.0.0.1 unless told. */
  host?: string;
  /** 0 (the default) picks a free port. */
  smtpPort?: number;
  webPort?: number;
  /** The oldest messages are dropped past this count. */
  maxMessages?: number;
  /** A larger message is refused with 552. */
  maxMessageBytes?: number;
}

export interface MailCatcher {
  /** `smtp://127.0.0.1:<port>`: what SMTP_URL is set to for the services. */
  readonly smtpUrl: string;
  /** The inbox page (and `/api/messages`, the same as JSON). */
  readonly webUrl: string;
  /** Every message kept, oldest first. */
  messages(): CaughtMail[];
  /** The first message (kept or still to come) that matches, or an error after `timeoutMs`. */
  waitForMail(match: (mail: CaughtMail) => boolean, timeoutMs?: number): Promise<CaughtMail>;
  /**
   * The next `count` messages are refused at the end of DATA with a temporary failure (451 by
   * default), as a server under load or greylisting does: what a sender must retry.
   */
  refuseNext(count: number, code?: number): void;
  clear(): void;
  close(): Promise<void>;
}

const DEFAULTS = { host: '127.0.0.1', maxMessages: 500, maxMessageBytes: 10 * 1024 * 1024 };

/**
 * A local SMTP server that keeps what it receives in memory and shows it on a web page: `npm start`
 * sends the shop's mail here when SMTP_URL is not set, and the tests read their mail from it. It
 * accepts any login and no TLS, so it listens on the loopback interface only by default.
 */
export async function startMailCatcher(options: MailCatcherOptions = {}): Promise<MailCatcher> {
  const settings = { ...DEFAULTS, ...options };
  const kept: CaughtMail[] = [];
  const arrivals = new EventEmitter();
  let refusals: { left: number; code: number } = { left: 0, code: 451 };

  const smtp = new SMTPServer({
    banner: 'souk mail catcher',
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    size: settings.maxMessageBytes,
    logger: false,
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username ?? 'anonymous' });
    },
    onData(stream, session, callback) {
      receive(stream, session).then(
        () => callback(),
        (error: Error) => callback(error),
      );
    },
  });
  // A client that drops its connection is the client's problem, not the catcher's.
  smtp.on('error', () => {});

  async function receive(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    if (stream.sizeExceeded) throw smtpError(552, 'Message exceeds the size limit');
    if (refusals.left > 0) {
      refusals = { ...refusals, left: refusals.left - 1 };
      throw smtpError(refusals.code, 'Try again later');
    }
    const raw = Buffer.concat(chunks);
    const parsed = await simpleParser(raw);
    const headers: Record<string, string> = {};
    for (const line of parsed.headerLines) {
      const name = line.key.toLowerCase();
      headers[name] ??= line.line.slice(line.line.indexOf(':') + 1).trim();
    }
    const mail: CaughtMail = {
      id: randomUUID(),
      receivedAt: new Date().toISOString(),
      envelope: {
        from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
        to: session.envelope.rcptTo.map((recipient) => recipient.address),
      },
      from: parsed.from?.text ?? '',
      to: addressText(parsed.to),
      subject: parsed.subject ?? '',
      messageId: parsed.messageId,
      headers,
      text: parsed.text ?? '',
      html: typeof parsed.html === 'string' ? parsed.html : undefined,
      size: raw.length,
    };
    kept.push(mail);
    if (kept.length > settings.maxMessages) kept.splice(0, kept.length - settings.maxMessages);
    arrivals.emit('mail', mail);
  }

  const web = createServer((request, response) => serveWeb(request, response, kept));

  await listen(smtp.server, settings.smtpPort ?? 0, settings.host);
  await listen(web, settings.webPort ?? 0, settings.host).catch(async (error: unknown) => {
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    throw error;
  });
  const smtpPort = (smtp.server.address() as AddressInfo).port;
  const webPort = (web.address() as AddressInfo).port;

  return {
    smtpUrl: `smtp://${settings.host}:${smtpPort}`,
    webUrl: `http://${settings.host}:${webPort}`,
    messages: () => [...kept],
    async waitForMail(match, timeoutMs = 15_000) {
      const found = kept.find(match);
      if (found) return found;
      const signal = AbortSignal.timeout(timeoutMs);
      try {
        for (;;) {
          const [mail] = (await once(arrivals, 'mail', { signal })) as [CaughtMail];
          if (match(mail)) return mail;
        }
      } catch (error) {
        if (signal.aborted)
          throw new Error(
            `No matching mail within ${timeoutMs} ms; received: ${
              kept
                .map((mail) => `"${mail.subject}" to ${mail.envelope.to.join(', ')}`)
                .join('; ') || 'nothing'
            }`,
          );
        throw error;
      }
    },
    refuseNext(count, code = 451) {
      refusals = { left: count, code };
    },
    clear() {
      kept.length = 0;
    },
    async close() {
      web.closeAllConnections();
      await Promise.all([
        new Promise<void>((resolve) => smtp.close(() => resolve())),
        new Promise<void>((resolve) => web.close(() => resolve())),
      ]);
    },
  };
}

function serveWeb(request: IncomingMessage, response: ServerResponse, kept: CaughtMail[]): void {
  const url = new URL(request.url ?? '/', 'http://catcher');
  const send = (status: number, type: string, body: string, csp: string) => {
    response.writeHead(status, {
      'content-type': type,
      'content-security-policy': csp,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    });
    response.end(body);
  };
  const page = (status: number, body: string) =>
    send(
      status,
      'text/html; charset=utf-8',
      body,
      "default-src 'none'; style-src 'unsafe-inline'; frame-src 'self'; img-src data:",
    );
  const byId = (id: string | undefined) => kept.find((mail) => mail.id === id);

  if (url.pathname === '/api/messages' && request.method === 'DELETE') {
    kept.length = 0;
    response.writeHead(204).end();
    return;
  }
  if (request.method !== 'GET') {
    send(405, 'text/plain', 'Method not allowed', "default-src 'none'");
    return;
  }
  if (url.pathname === '/api/messages') {
    send(200, 'application/json', JSON.stringify([...kept].reverse()), "default-src 'none'");
    return;
  }
  if (url.pathname === '/') {
    page(200, renderInbox([...kept].reverse()));
    return;
  }
  const match = /^\/messages\/([0-9a-f-]{36})(\/html)?$/.exec(url.pathname);
  const mail = byId(match?.[1]);
  if (!match || !mail) {
    page(
      404,
      renderInbox([...kept].reverse(), 'No such message (the catcher keeps mail in memory only).'),
    );
    return;
  }
  if (match[2]) {
    // The mail's own HTML, alone in a sandbox: it may style itself and show inline images, nothing else.
    send(
      200,
      'text/html; charset=utf-8',
      mail.html ?? '',
      "sandbox allow-popups allow-popups-to-escape-sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data: http: https:",
    );
    return;
  }
  page(200, renderMessage(mail));
}

function addressText(to: AddressObject | AddressObject[] | undefined): string {
  if (!to) return '';
  return (Array.isArray(to) ? to : [to]).map((address) => address.text).join(', ');
}

function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

async function listen(server: Server | SMTPServer['server'], port: number, host: string) {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
