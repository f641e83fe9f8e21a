import type { Locale } from '../messages/format.js';

/** One mail ready to send, in the recipient's language. */
export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export interface MailContent {
  locale: Locale;
  /** The recipient's first name, when known. */
  firstName: string | null;
  title: string;
  body: string;
  /** Absolute link to the page the mail is about. */
  link: string | null;
  /** The link's button text; "View in the shop" unless told. */
  action?: string;
  shopUrl: string;
}

const BUTTON = { fr: 'Voir dans la boutique', en: 'View in the shop' };
const GREETING = { fr: 'Bonjour', en: 'Hello' };
const FOOTER = {
  fr: 'Vous recevez ce message parce que vous avez un compte sur Souk.',
  en: 'You are receiving this message because you have an account at Souk.',
};

function escape(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (character) =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[character]!,
  );
}

/**
 * The shop's look in mail: the terracotta header and the warm background of the web app
 * (apps/web/src/styles/tokens.css), with inline styles and a table layout, which is what mail
 * clients render. The plain-text part says the same thing.
 */
export function renderMail(content: MailContent): RenderedMail {
  const { locale } = content;
  const action = content.action ?? BUTTON[locale];
  const greeting = content.firstName
    ? `${GREETING[locale]} ${content.firstName},`
    : `${GREETING[locale]},`;
  const text = [
    greeting,
    '',
    content.body,
    ...(content.link ? ['', `${action}${locale === 'fr' ? ' :' : ':'} ${content.link}`] : []),
    '',
    '-- ',
    `Souk · ${content.shopUrl}`,
    FOOTER[locale],
  ].join('\n');
  const button = content.link
    ? `<tr><td style="padding:8px 32px 24px"><a href="${escape(content.link)}" style="display:inline-block;background:#9c3d1e;color:#ffffff;text-decoration:none;font-weight:600;padding:12px 20px;border-radius:8px">${escape(action)}</a></td></tr>`
    : '';
  const html = `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="color-scheme" content="light"><title>${escape(content.title)}</title></head>
<body style="margin:0;padding:0;background:#fbf6ef;font-family:Georgia,'Palatino Linotype',serif;color:#2b1d14">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#fbf6ef"><tr><td align="center" style="padding:24px 12px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border:1px solid #e4d5c3;border-radius:12px">
<tr><td style="background:#9c3d1e;color:#ffffff;padding:16px 32px;border-radius:12px 12px 0 0;font-size:22px;font-weight:700"><a href="${escape(content.shopUrl)}" style="color:#ffffff;text-decoration:none">Souk</a></td></tr>
<tr><td style="padding:24px 32px 8px;font-size:20px;font-weight:700">${escape(content.title)}</td></tr>
<tr><td style="padding:0 32px 8px;font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5">${escape(greeting)}</td></tr>
<tr><td style="padding:0 32px 16px;font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5">${escape(content.body)}</td></tr>
${button}
<tr><td style="padding:16px 32px;border-top:1px solid #e4d5c3;font-family:Arial,Helvetica,sans-serif;font-size:12px;color:#6b5646">${FOOTER[locale]}</td></tr>
</table></td></tr></table></body></html>`;
  return { subject: content.title, text, html };
}
