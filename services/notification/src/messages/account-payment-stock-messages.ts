import { declineText } from './decline-codes.js';
import { countOf, shortOrderId, type Locale } from './format.js';
import {
  forAdmins,
  forUser,
  money,
  orderLink,
  say,
  text,
  type MessageBuilders,
} from './message-kit.js';

type OtherKind =
  'auth.user.registered' | 'payment.failed' | 'payment.refunded' | 'product.stock_low';

/** The welcome, the payment outcomes the client must know about, and low stock for the admins. */
export const accountPaymentStockMessages: MessageBuilders<OtherKind> = {
  'auth.user.registered': (data) => [
    forUser(
      data.userId,
      'auth.user.registered',
      { firstName: data.firstName },
      '/',
      text((l) =>
        say(l, `Bienvenue chez Souk, ${data.firstName} !`, `Welcome to Souk, ${data.firstName}!`),
      ),
      text((l) =>
        say(
          l,
          'Votre compte est prêt. Parcourez le catalogue et suivez ici chacune de vos commandes.',
          'Your account is ready. Browse the catalogue and follow each of your orders here.',
        ),
      ),
    ),
  ],

  'payment.failed': (data) => {
    const shortId = shortOrderId(data.orderId);
    const amount = money(data.amount, data.currency);
    return [
      forUser(
        data.userId,
        'payment.failed',
        {
          orderId: data.orderId,
          shortId,
          paymentId: data.paymentId,
          amount: data.amount,
          currency: data.currency,
          declineCode: data.declineCode,
        },
        orderLink(data.orderId),
        text((l) =>
          say(
            l,
            `Paiement refusé pour la commande #${shortId}`,
            `Payment declined for order #${shortId}`,
          ),
        ),
        text((l) =>
          say(
            l,
            `${declineText(data.declineCode, l)} Votre commande de ${amount(l)} reste en attente : vous pouvez réessayer, avec une autre carte si besoin.`,
            `${declineText(data.declineCode, l)} Your order of ${amount(l)} is still waiting: you can try again, with another card if needed.`,
          ),
        ),
      ),
    ];
  },

  'payment.refunded': (data) => {
    const shortId = shortOrderId(data.orderId);
    const amount = money(data.amount, data.currency);
    return [
      forUser(
        data.userId,
        'payment.refunded',
        {
          orderId: data.orderId,
          shortId,
          paymentId: data.paymentId,
          refundId: data.refundId,
          amount: data.amount,
          currency: data.currency,
          reason: data.reason,
        },
        orderLink(data.orderId),
        text((l) =>
          say(l, `Remboursement de ${amount(l)} effectué`, `Refund of ${amount(l)} issued`),
        ),
        text((l) =>
          say(
            l,
            `Nous avons remboursé ${amount(l)} sur votre carte pour la commande #${shortId}. Selon votre banque, le montant apparaîtra d'ici quelques jours.`,
            `We refunded ${amount(l)} to your card for order #${shortId}. Depending on your bank, it will show within a few days.`,
          ),
        ),
      ),
    ];
  },

  'product.stock_low': (data) => {
    const params = {
      productId: data.productId,
      productName: data.name,
      stock: data.stock,
      threshold: data.threshold,
    };
    const link = `/admin/products/${data.productId}`;
    if (data.stock === 0) {
      return [
        forAdmins(
          'product.stock_low',
          params,
          link,
          text((l) => say(l, `Rupture de stock : ${data.name}`, `Out of stock: ${data.name}`)),
          text((l) =>
            say(
              l,
              `${data.name} n'est plus disponible à la vente. Réapprovisionnez-le pour le remettre en vente.`,
              `${data.name} can no longer be sold. Restock it to put it back on sale.`,
            ),
          ),
        ),
      ];
    }
    const units = (l: Locale) =>
      countOf(data.stock, l, say(l, 'unité', 'unit'), say(l, 'unités', 'units'));
    return [
      forAdmins(
        'product.stock_low',
        params,
        link,
        text((l) => say(l, `Stock bas : ${data.name}`, `Low stock: ${data.name}`)),
        text((l) =>
          say(
            l,
            `Il ne reste que ${units(l)} de ${data.name} (seuil : ${data.threshold}).`,
            `Only ${units(l)} of ${data.name} left (threshold: ${data.threshold}).`,
          ),
        ),
      ),
    ];
  },
};
