import {
  holdsPayment,
  isTransitionAllowed,
  ORDER_STATUSES,
  type OrderStatus,
} from '@souk/contracts';
import { describe, expect, it } from 'vitest';
import { paymentCoversOrder, type Actor } from './order-status.js';

const ACTORS: Actor[] = ['stock', 'payment', 'client', 'admin', 'system'];

/** The table of docs/checkout-saga.md, written out independently of the code under test. */
const ALLOWED: Array<[OrderStatus, OrderStatus, Actor]> = [
  ['PENDING', 'AWAITING_PAYMENT', 'stock'],
  ['PENDING', 'REJECTED', 'stock'],
  ['PENDING', 'CANCELLED', 'client'],
  ['PENDING', 'CANCELLED', 'admin'],
  ['PENDING', 'CANCELLED', 'system'],
  ['AWAITING_PAYMENT', 'PAID', 'payment'],
  ['AWAITING_PAYMENT', 'CANCELLED', 'client'],
  ['AWAITING_PAYMENT', 'CANCELLED', 'admin'],
  ['AWAITING_PAYMENT', 'CANCELLED', 'system'],
  ['PAID', 'SHIPPED', 'admin'],
  ['PAID', 'CANCELLED', 'client'],
  ['PAID', 'CANCELLED', 'admin'],
  ['SHIPPED', 'DELIVERED', 'admin'],
  ['SHIPPED', 'CANCELLED', 'admin'],
];

const key = (from: string, to: string, actor: string) => `${from} -> ${to} by ${actor}`;
const allowedKeys = new Set(ALLOWED.map(([from, to, actor]) => key(from, to, actor)));
const refused = ORDER_STATUSES.flatMap((from) =>
  ORDER_STATUSES.flatMap((to) =>
    ACTORS.map((actor): [OrderStatus, OrderStatus, Actor] => [from, to, actor]),
  ),
).filter(([from, to, actor]) => !allowedKeys.has(key(from, to, actor)));

describe('order status transitions', () => {
  it.each(ALLOWED)('when %s goes to %s asked by %s, then it is allowed', (from, to, actor) => {
    expect(isTransitionAllowed(from, to, actor)).toBe(true);
  });

  it(`when any of the other ${refused.length} status/status/actor combinations is asked, then it is refused`, () => {
    expect(refused).toHaveLength(7 * 7 * 5 - ALLOWED.length);
    const wronglyAllowed = refused
      .filter(([from, to, actor]) => isTransitionAllowed(from, to, actor))
      .map(([f, t, a]) => key(f, t, a));
    expect(wronglyAllowed).toEqual([]);
  });

  it('when an order is in a final status, then nothing moves it, whoever asks', () => {
    for (const from of ['DELIVERED', 'CANCELLED', 'REJECTED'] as const) {
      for (const to of ORDER_STATUSES)
        for (const actor of ACTORS) expect(isTransitionAllowed(from, to, actor)).toBe(false);
    }
  });

  it('when a client asks to cancel a shipped order, then it is refused, but an admin may', () => {
    expect(isTransitionAllowed('SHIPPED', 'CANCELLED', 'client')).toBe(false);
    expect(isTransitionAllowed('SHIPPED', 'CANCELLED', 'admin')).toBe(true);
  });

  it('when the timeout sweep meets a paid order, then it may not cancel it', () => {
    expect(isTransitionAllowed('PAID', 'CANCELLED', 'system')).toBe(false);
  });

  it('when an order was paid, shipped or delivered, then it holds a payment; before that it does not', () => {
    expect(ORDER_STATUSES.filter(holdsPayment)).toEqual(['PAID', 'SHIPPED', 'DELIVERED']);
  });

  it('when a charge differs from the order in amount or currency, then it does not cover it', () => {
    expect(
      paymentCoversOrder({ total: 1000, currency: 'MAD' }, { amount: 1000, currency: 'MAD' }),
    ).toBe(true);
    expect(
      paymentCoversOrder({ total: 1000, currency: 'MAD' }, { amount: 999, currency: 'MAD' }),
    ).toBe(false);
    expect(
      paymentCoversOrder({ total: 1000, currency: 'MAD' }, { amount: 1000, currency: 'EUR' }),
    ).toBe(false);
  });
});
