import { NOTIFICATION_KINDS } from '@souk/contracts';
import { describe, expect, it } from 'vitest';
import { declineText } from './decline-codes.js';
import { messageBuilders, messagesFor as writeMessages } from './messages.js';

/** Intl separates money with no-break spaces; the expectations below are written with plain ones. */
const messagesFor: typeof writeMessages = (type, data) =>
  JSON.parse(
    JSON.stringify(writeMessages(type, data)).replace(/[\u00a0\u202f]/g, ' '),
  ) as ReturnType<typeof writeMessages>;

const orderId = '3f2a9c1e-7b44-4c1d-9a0e-5b6c7d8e9f00';
const userId = '0d6f4b8e-1111-4222-8333-944455556666';
const paymentId = 'a1b2c3d4-0000-4000-8000-000000000001';
const productId = 'b1b2c3d4-0000-4000-8000-000000000002';

describe('messages', () => {
  it('when an order is placed, then its owner gets both languages with the short id, item count and total', () => {
    const [message, ...others] = messagesFor('order.placed', {
      orderId,
      userId,
      items: [
        { productId, name: 'Tajine', unitPrice: 32000, quantity: 2 },
        { productId, name: 'Teapot', unitPrice: 59450, quantity: 1 },
      ],
      total: 123450,
      currency: 'MAD',
      placedAt: '2025-11-26T12:00:00.000Z',
    });
    expect(others).toEqual([]);
    expect(message).toEqual({
      audience: 'USER',
      recipientId: userId,
      kind: 'order.placed',
      params: { orderId, shortId: '3F2A9C1E', total: 123450, currency: 'MAD', itemCount: 3 },
      link: `/orders/${orderId}`,
      title: { fr: 'Commande #3F2A9C1E reçue', en: 'Order #3F2A9C1E received' },
      body: {
        fr: 'Nous avons bien reçu votre commande de 3 articles pour 1 234,50 MAD. Nous vérifions la disponibilité du stock.',
        en: 'We have received your order of 3 items for MAD 1,234.50. We are checking that everything is in stock.',
      },
    });
  });

  it('when an order awaits payment, then the body gives the amount and the pay-by time on the shop clock', () => {
    const [message] = messagesFor('order.awaiting_payment', {
      orderId,
      userId,
      total: 9900,
      currency: 'MAD',
      payBy: '2025-11-26T13:30:00.000Z',
    });
    expect(message!.params).toEqual({
      orderId,
      shortId: '3F2A9C1E',
      total: 9900,
      currency: 'MAD',
      payBy: '2025-11-26T13:30:00.000Z',
    });
    expect(message!.body.fr).toBe(
      'Vos articles sont réservés. Payez 99,00 MAD avant le 26 novembre 2025 à 14:30 (heure du Maroc), sinon la commande sera annulée.',
    );
    expect(message!.body.en).toBe(
      'Your items are reserved. Pay MAD 99.00 by 26 November 2025 at 14:30 (Morocco time), or the order will be cancelled.',
    );
  });

  it('when an order is rejected for stock, then the reason is said in each language and kept as written in params', () => {
    const reason = 'Not enough stock (Tajine: 3 requested, 1 available)';
    const [message] = messagesFor('order.rejected', { orderId, userId, reason });
    expect(message!.params.reason).toBe(reason);
    expect(message!.body.en).toBe(
      'We could not accept your order: not enough stock (Tajine: 3 requested, 1 available). You have not been charged.',
    );
    expect(message!.body.fr).toBe(
      "Nous n'avons pas pu accepter votre commande : stock insuffisant (Tajine : 3 demandés, 1 disponible). Rien ne vous a été débité.",
    );
  });

  it('when an order is paid, then the owner and the admins each get one message, the admins one linking to the admin page', () => {
    const messages = messagesFor('order.paid', {
      orderId,
      userId,
      paymentId,
      total: 50000,
      currency: 'MAD',
      items: [{ productId, quantity: 4 }],
    });
    expect(messages.map((m) => [m.audience, m.recipientId, m.link])).toEqual([
      ['USER', userId, `/orders/${orderId}`],
      ['ADMIN', null, `/admin/orders/${orderId}`],
    ]);
    expect(messages[0]!.title.fr).toBe('Paiement reçu pour la commande #3F2A9C1E');
    expect(messages[0]!.body.en).toBe(
      'Thank you! We received your payment of MAD 500.00. We are preparing your order.',
    );
    expect(messages[1]!.title).toEqual({
      fr: 'Nouvelle commande payée #3F2A9C1E',
      en: 'New paid order #3F2A9C1E',
    });
    expect(messages[1]!.body.fr).toBe(
      "Une commande de 4 articles vient d'être payée : 500,00 MAD. Elle est prête à être expédiée.",
    );
    expect(messages[1]!.params).toMatchObject({
      userId,
      itemCount: 4,
      total: 50000,
      currency: 'MAD',
    });
  });

  it('when an order is cancelled, then the body says who cancelled, why, and whether a refund follows', () => {
    const paid = messagesFor('order.cancelled', {
      orderId,
      userId,
      reason: 'changed my mind.',
      wasPaid: true,
      cancelledBy: 'client',
    })[0]!;
    expect(paid.params).toMatchObject({
      reason: 'changed my mind.',
      refundFollows: true,
      cancelledBy: 'client',
    });
    expect(paid.body.fr).toBe(
      'Vous avez annulé cette commande (changed my mind). Votre paiement vous sera remboursé.',
    );
    expect(paid.body.en).toBe(
      'You cancelled this order (changed my mind). Your payment will be refunded.',
    );
    const timedOut = messagesFor('order.cancelled', {
      orderId,
      userId,
      reason: 'payment timeout',
      wasPaid: false,
      cancelledBy: 'system',
    })[0]!;
    expect(timedOut.params.refundFollows).toBe(false);
    expect(timedOut.body.en).toBe(
      'This order was cancelled automatically (the time to pay ran out). You have not been charged.',
    );
    expect(timedOut.body.fr).toBe(
      'Cette commande a été annulée automatiquement (le délai de paiement est dépassé). Rien ne vous a été débité.',
    );
    const byAdmin = messagesFor('order.cancelled', {
      orderId,
      userId,
      reason: 'cancelled by an administrator',
      wasPaid: true,
      cancelledBy: 'admin',
    })[0]!;
    expect(byAdmin.body.fr).toBe(
      'Notre équipe a annulé cette commande. Votre paiement vous sera remboursé.',
    );
    expect(byAdmin.body.en).toBe('Our team cancelled this order. Your payment will be refunded.');
  });

  it('when a payment is declined, then the body explains the decline code in each language', () => {
    const [message] = messagesFor('payment.failed', {
      paymentId,
      orderId,
      userId,
      amount: 123450,
      currency: 'MAD',
      declineCode: 'insufficient_funds',
    });
    expect(message!.params.declineCode).toBe('insufficient_funds');
    expect(message!.title.en).toBe('Payment declined for order #3F2A9C1E');
    expect(message!.body.en).toBe(
      'Your card has insufficient funds. Your order of MAD 1,234.50 is still waiting: you can try again, with another card if needed.',
    );
    expect(message!.body.fr).toBe(
      'Le solde de votre carte est insuffisant. Votre commande de 1 234,50 MAD reste en attente : vous pouvez réessayer, avec une autre carte si besoin.',
    );
  });

  it('when a payment is refunded, then the title carries the amount', () => {
    const [message] = messagesFor('payment.refunded', {
      paymentId,
      orderId,
      userId,
      amount: 129900,
      currency: 'MAD',
      refundId: productId,
      reason: 'order cancelled',
    });
    expect(message!.title).toEqual({
      fr: 'Remboursement de 1 299,00 MAD effectué',
      en: 'Refund of MAD 1,299.00 issued',
    });
    expect(message!.params).toMatchObject({
      amount: 129900,
      currency: 'MAD',
      refundId: productId,
      reason: 'order cancelled',
    });
  });

  it('when stock runs low or out, then the admins get a message linking to the product', () => {
    const [low] = messagesFor('product.stock_low', {
      productId,
      name: 'Tajine',
      stock: 1,
      threshold: 5,
    });
    expect(low).toMatchObject({
      audience: 'ADMIN',
      recipientId: null,
      link: `/admin/products/${productId}`,
    });
    expect(low!.body).toEqual({
      fr: 'Il ne reste que 1 unité de Tajine (seuil : 5).',
      en: 'Only 1 unit of Tajine left (threshold: 5).',
    });
    const [out] = messagesFor('product.stock_low', {
      productId,
      name: 'Tajine',
      stock: 0,
      threshold: 5,
    });
    expect(out!.title).toEqual({ fr: 'Rupture de stock : Tajine', en: 'Out of stock: Tajine' });
  });

  it('when someone registers, then they are welcomed by first name', () => {
    const [message] = messagesFor('auth.user.registered', {
      userId,
      email: 'a@example.com',
      firstName: 'Amina',
      lastName: 'Alaoui',
      phone: null,
      roles: ['CLIENT'],
    });
    expect(message!.title).toEqual({
      fr: 'Bienvenue chez Souk, Amina !',
      en: 'Welcome to Souk, Amina!',
    });
    expect(message!.params).toEqual({ firstName: 'Amina' });
  });

  it('when any kind is rendered, then no text is empty or left with a placeholder', () => {
    expect(Object.keys(messageBuilders).sort()).toEqual([...NOTIFICATION_KINDS].sort());
    const shipped = messagesFor('order.shipped', { orderId, userId });
    const delivered = messagesFor('order.delivered', { orderId, userId });
    for (const message of [...shipped, ...delivered]) {
      for (const value of [message.title.fr, message.title.en, message.body.fr, message.body.en]) {
        expect(value).not.toMatch(/undefined|NaN|\$\{|^\s*$/);
      }
    }
    expect(shipped[0]!.title).toEqual({
      fr: 'Commande #3F2A9C1E expédiée',
      en: 'Order #3F2A9C1E shipped',
    });
    expect(delivered[0]!.title).toEqual({
      fr: 'Commande #3F2A9C1E livrée',
      en: 'Order #3F2A9C1E delivered',
    });
  });
});

describe('declineText', () => {
  it('when the processor declines for a known reason, then each language says it plainly', () => {
    expect(declineText('card_declined', 'fr')).toBe('Votre banque a refusé le paiement.');
    expect(declineText('card_declined', 'en')).toBe('Your bank declined the payment.');
    expect(declineText('expired_card', 'fr')).toBe('Votre carte a expiré.');
    expect(declineText('expired_card', 'en')).toBe('Your card has expired.');
    expect(declineText('insufficient_funds', 'fr')).toBe(
      'Le solde de votre carte est insuffisant.',
    );
    expect(declineText('incorrect_number', 'fr')).toBe('Le numéro de carte est incorrect.');
    expect(declineText('processing_error', 'en')).toBe(
      'A technical error occurred while processing the payment.',
    );
  });

  it('when the code is unknown, or names an object property, then a general sentence is used', () => {
    expect(declineText('something_new', 'en')).toBe('The payment was declined.');
    expect(declineText('constructor', 'fr')).toBe('Le paiement a été refusé.');
  });
});
