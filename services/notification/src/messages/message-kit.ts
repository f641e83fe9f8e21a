import {
  formatMoney,
  type EventMap,
  type LocalizedText,
  type NotificationAudience,
  type NotificationKind,
  type NotificationParams,
} from '@souk/contracts';
import { countOf, type Locale } from './format.js';

/** A message ready to store: who it is for, what it is about, and its text in every language. */
export interface Message {
  audience: NotificationAudience;
  /** The user it is for; null for ADMIN-audience messages. */
  recipientId: string | null;
  kind: NotificationKind;
  params: NotificationParams;
  title: LocalizedText;
  body: LocalizedText;
  link: string | null;
}

/** Builds the messages one event makes (one for its user, and for some events one for the admins). */
export type MessageBuilders<K extends NotificationKind = NotificationKind> = {
  [T in K]: (data: EventMap[T]) => Message[];
};

/** Writes the same text in every language. */
export const text = (write: (locale: Locale) => string): LocalizedText => ({
  fr: write('fr'),
  en: write('en'),
});
export const say = (locale: Locale, fr: string, en: string) => (locale === 'fr' ? fr : en);
export const money = (amount: number, currency: string) => (locale: Locale) =>
  formatMoney(amount, currency, locale);
export const items = (count: number) => (locale: Locale) =>
  countOf(count, locale, say(locale, 'article', 'item'), say(locale, 'articles', 'items'));

export const orderLink = (orderId: string) => `/orders/${orderId}`;

export function forUser(
  userId: string,
  kind: NotificationKind,
  params: NotificationParams,
  link: string | null,
  title: LocalizedText,
  body: LocalizedText,
): Message {
  return { audience: 'USER', recipientId: userId, kind, params, title, body, link };
}

export function forAdmins(
  kind: NotificationKind,
  params: NotificationParams,
  link: string | null,
  title: LocalizedText,
  body: LocalizedText,
): Message {
  return { audience: 'ADMIN', recipientId: null, kind, params, title, body, link };
}
