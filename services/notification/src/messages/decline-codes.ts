import type { Locale } from './format.js';

type Texts = Record<Locale, string>;

/**
 * What a decline code means to the person who paid, and what they can do about it. Codes follow
 * the payment service's simulated processor (card_declined, insufficient_funds, expired_card) plus
 * the usual card-network ones, so a new code on that side still reads sensibly here.
 */
const DECLINE_TEXTS: Record<string, Texts> = {
  card_declined: {
    fr: 'Votre banque a refusé le paiement.',
    en: 'Your bank declined the payment.',
  },
  insufficient_funds: {
    fr: 'Le solde de votre carte est insuffisant.',
    en: 'Your card has insufficient funds.',
  },
  expired_card: {
    fr: 'Votre carte a expiré.',
    en: 'Your card has expired.',
  },
  incorrect_number: {
    fr: 'Le numéro de carte est incorrect.',
    en: 'The card number is incorrect.',
  },
  incorrect_cvc: {
    fr: 'Le code de sécurité (CVC) est incorrect.',
    en: 'The security code (CVC) is incorrect.',
  },
  lost_card: {
    fr: 'Cette carte a été déclarée perdue.',
    en: 'This card has been reported lost.',
  },
  stolen_card: {
    fr: 'Cette carte a été déclarée volée.',
    en: 'This card has been reported stolen.',
  },
  processing_error: {
    fr: 'Une erreur technique est survenue pendant le paiement.',
    en: 'A technical error occurred while processing the payment.',
  },
};

const UNKNOWN_DECLINE: Texts = {
  fr: 'Le paiement a été refusé.',
  en: 'The payment was declined.',
};

/** A sentence explaining the decline in the reader's language; unknown codes get a general one. */
export function declineText(declineCode: string, locale: Locale): string {
  return (
    Object.hasOwn(DECLINE_TEXTS, declineCode) ? DECLINE_TEXTS[declineCode]! : UNKNOWN_DECLINE
  )[locale];
}
