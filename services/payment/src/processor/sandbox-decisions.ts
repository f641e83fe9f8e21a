import type { CardDetails, ChargeOutcome } from './card-processor.js';
import { isExpired, normalizeCardNumber, passesLuhn } from './card-rules.js';

/** Test cards with a fixed answer (README: "Test cards"). Any other valid card succeeds. */
const DECLINING_CARDS: Record<string, string> = {
  '4000000000000002': 'card_declined',
  '4000000000009995': 'insufficient_funds',
};

/**
 * What the sandbox network answers for a card: a permissive sandbox that declines only malformed
 * numbers, expired cards and the documented declining test cards.
 */
export function decideCharge(card: CardDetails, now: Date): ChargeOutcome {
  const digits = normalizeCardNumber(card.number);
  if (!passesLuhn(digits)) return { status: 'DECLINED', declineCode: 'incorrect_number' };
  if (isExpired(card.expMonth, card.expYear, now))
    return { status: 'DECLINED', declineCode: 'expired_card' };
  const declineCode = DECLINING_CARDS[digits];
  if (declineCode) return { status: 'DECLINED', declineCode };
  return { status: 'SUCCEEDED' };
}
