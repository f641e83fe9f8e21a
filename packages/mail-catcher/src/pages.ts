import type { CaughtMail } from './mail-catcher.js';

const STYLE = `
  body { font: 15px/1.5 system-ui, sans-serif; margin: 0; color: #1f2328; background: #f6f7f9; }
  header { background: #1f2328; color: #fff; padding: 0.75rem 1.5rem; }
  header a { color: #fff; text-decoration: none; font-weight: 600; }
  main { max-width: 60rem; margin: 1.5rem auto; padding: 0 1rem; }
  table { width: 100%; border-collapse: collapse; background: #fff; }
  th, td { text-align: left; padding: 0.5rem 0.75rem; border-bottom: 1px solid #e4e6ea; }
  td a { color: #0b5cad; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; background: #fff; padding: 1rem; }
  dt { font-weight: 600; }
  pre { white-space: pre-wrap; background: #fff; padding: 1rem; border: 1px solid #e4e6ea; }
  iframe { width: 100%; height: 36rem; border: 1px solid #e4e6ea; background: #fff; }
  .empty { color: #59636e; }
  @media (prefers-color-scheme: dark) {
    body { background: #15181c; color: #e6e8eb; }
    table, dl, pre { background: #1f2328; color: #e6e8eb; }
    th, td, pre { border-color: #30363d; }
    td a { color: #6cb6ff; }
  }
`;

function escape(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (character) =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[character]!,
  );
}

/** Escaped text whose http(s) addresses become links (the reset and verification links, mostly). */
function linkify(text: string): string {
  return escape(text).replace(
    /https?:\/\/[^\s<>"']+/g,
    (url) => `<a href="${url}" target="_blank" rel="noopener noreferrer">${url}</a>`,
  );
}

function layout(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(title)}</title><style>${STYLE}</style></head><body><header><a href="/">souk mail catcher</a></header><main>${body}</main></body></html>`;
}

export function renderInbox(mails: CaughtMail[], notice?: string): string {
  const rows = mails
    .map(
      (mail) =>
        `<tr><td>${escape(new Date(mail.receivedAt).toLocaleString('en-GB'))}</td><td>${escape(mail.envelope.to.join(', '))}</td><td><a href="/messages/${mail.id}">${escape(mail.subject || '(no subject)')}</a></td></tr>`,
    )
    .join('');
  return layout(
    'Mail',
    `<h1>Mail sent by the shop</h1>${notice ? `<p>${escape(notice)}</p>` : ''}${
      mails.length === 0
        ? '<p class="empty">Nothing yet. Register an account or place an order: its mail shows up here.</p>'
        : `<table><thead><tr><th>Received</th><th>To</th><th>Subject</th></tr></thead><tbody>${rows}</tbody></table>`
    }`,
  );
}

export function renderMessage(mail: CaughtMail): string {
  const html = mail.html
    ? `<h2>HTML</h2><iframe title="The message's HTML part" sandbox="allow-popups allow-popups-to-escape-sandbox" src="/messages/${mail.id}/html"></iframe>`
    : '<p class="empty">No HTML part.</p>';
  return layout(
    mail.subject || 'Mail',
    `<h1>${escape(mail.subject || '(no subject)')}</h1><dl><dt>From</dt><dd>${escape(mail.from)}</dd><dt>To</dt><dd>${escape(mail.to)}</dd><dt>Received</dt><dd>${escape(mail.receivedAt)}</dd><dt>Message-ID</dt><dd>${escape(mail.messageId ?? '')}</dd></dl>${html}<h2>Plain text</h2><pre>${linkify(mail.text)}</pre>`,
  );
}
