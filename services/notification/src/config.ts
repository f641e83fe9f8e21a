import { defaultPortOf } from '@souk/contracts';
import { Type, type Static } from '@sinclair/typebox';
import { dataConfig, env, httpConfig } from '@souk/platform';

export const configSchema = Type.Object({
  ...httpConfig(defaultPortOf('notification')),
  ...dataConfig(),
  /** Where mail goes, e.g. smtp://user:pass@smtp.example.com:587 (smtps:// for TLS from the start). Unset: no mail is sent. */
  SMTP_URL: env.optional(env.url()),
  /** The sender of every mail. */
  MAIL_FROM: env.string({ default: 'Souk <no-reply@souk.local>', minLength: 3 }),
  /** The shop's public address: links in mail point there. */
  SHOP_URL: env.url({ default: 'http://localhost:8080' }),
});

export type NotificationConfig = Static<typeof configSchema>;
