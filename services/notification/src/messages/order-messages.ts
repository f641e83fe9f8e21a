import { formatDateTime, shortOrderId, type Locale } from './format.js';
import {
  forAdmins,
  forUser,
  items,
  money,
  orderLink,
  say,
  text,
  type MessageBuilders,
} from './message-kit.js';
import { reasonText } from './reasons.js';

type OrderKind =
  | 'order.placed'
  | 'order.awaiting_payment'
  | 'order.rejected'
  | 'order.paid'
  | 'order.shipped'
  | 'order.delivered'
  | 'order.cancelled';

/** Every step of an order, for its owner; a paid order also tells the admins. */
export const orderMessages: MessageBuilders<OrderKind> = {
  'order.placed': (data) => {
    const shortId = shortOrderId(data.orderId);
    const itemCount = data.items.reduce((sum, line) => sum + line.quantity, 0);
    const total = money(data.total, data.currency);
    return [
      forUser(
        data.userId,
        'order.placed',
        { orderId: data.orderId, shortId, total: data.total, currency: data.currency, itemCount },
        orderLink(data.orderId),
        text((l) => say(l, `Commande #${shortId} reçue`, `Order #${shortId} received`)),
        text((l) =>
          say(
            l,
            `Nous avons bien reçu votre commande de ${items(itemCount)(l)} pour ${total(l)}. Nous vérifions la disponibilité du stock.`,
            `We have received your order of ${items(itemCount)(l)} for ${total(l)}. We are checking that everything is in stock.`,
          ),
        ),
      ),
    ];
  },

  'order.awaiting_payment': (data) => {
    const shortId = shortOrderId(data.orderId);
    const total = money(data.total, data.currency);
    return [
      forUser(
        data.userId,
        'order.awaiting_payment',
        {
          orderId: data.orderId,
          shortId,
          total: data.total,
          currency: data.currency,
          payBy: data.payBy,
        },
        orderLink(data.orderId),
        text((l) =>
          say(
            l,
            `Commande #${shortId} : en attente de paiement`,
            `Order #${shortId}: awaiting payment`,
          ),
        ),
        text((l) =>
          say(
            l,
            `Vos articles sont réservés. Payez ${total(l)} avant le ${formatDateTime(data.payBy, l)} (heure du Maroc), sinon la commande sera annulée.`,
            `Your items are reserved. Pay ${total(l)} by ${formatDateTime(data.payBy, l)} (Morocco time), or the order will be cancelled.`,
          ),
        ),
      ),
    ];
  },

  'order.rejected': (data) => {
    const shortId = shortOrderId(data.orderId);
    const reason = (l: Locale) =>
      reasonText(data.reason, l) ?? say(l, 'elle ne peut pas être servie', 'it cannot be served');
    return [
      forUser(
        data.userId,
        'order.rejected',
        { orderId: data.orderId, shortId, reason: data.reason },
        orderLink(data.orderId),
        text((l) => say(l, `Commande #${shortId} refusée`, `Order #${shortId} rejected`)),
        text((l) =>
          say(
            l,
            `Nous n'avons pas pu accepter votre commande : ${reason(l)}. Rien ne vous a été débité.`,
            `We could not accept your order: ${reason(l)}. You have not been charged.`,
          ),
        ),
      ),
    ];
  },

  'order.paid': (data) => {
    const shortId = shortOrderId(data.orderId);
    const itemCount = data.items.reduce((sum, line) => sum + line.quantity, 0);
    const total = money(data.total, data.currency);
    const params = {
      orderId: data.orderId,
      shortId,
      paymentId: data.paymentId,
      total: data.total,
      currency: data.currency,
      itemCount,
    };
    return [
      forUser(
        data.userId,
        'order.paid',
        params,
        orderLink(data.orderId),
        text((l) =>
          say(
            l,
            `Paiement reçu pour la commande #${shortId}`,
            `Payment received for order #${shortId}`,
          ),
        ),
        text((l) =>
          say(
            l,
            `Merci ! Nous avons reçu votre paiement de ${total(l)}. Nous préparons votre commande.`,
            `Thank you! We received your payment of ${total(l)}. We are preparing your order.`,
          ),
        ),
      ),
      forAdmins(
        'order.paid',
        { ...params, userId: data.userId },
        `/admin/orders/${data.orderId}`,
        text((l) => say(l, `Nouvelle commande payée #${shortId}`, `New paid order #${shortId}`)),
        text((l) =>
          say(
            l,
            `Une commande de ${items(itemCount)(l)} vient d'être payée : ${total(l)}. Elle est prête à être expédiée.`,
            `An order of ${items(itemCount)(l)} has just been paid: ${total(l)}. It is ready to ship.`,
          ),
        ),
      ),
    ];
  },

  'order.shipped': (data) => {
    const shortId = shortOrderId(data.orderId);
    return [
      forUser(
        data.userId,
        'order.shipped',
        { orderId: data.orderId, shortId },
        orderLink(data.orderId),
        text((l) => say(l, `Commande #${shortId} expédiée`, `Order #${shortId} shipped`)),
        text((l) =>
          say(
            l,
            'Bonne nouvelle : votre commande est en route.',
            'Good news: your order is on its way.',
          ),
        ),
      ),
    ];
  },

  'order.delivered': (data) => {
    const shortId = shortOrderId(data.orderId);
    return [
      forUser(
        data.userId,
        'order.delivered',
        { orderId: data.orderId, shortId },
        orderLink(data.orderId),
        text((l) => say(l, `Commande #${shortId} livrée`, `Order #${shortId} delivered`)),
        text((l) =>
          say(
            l,
            'Votre commande a été livrée. Merci pour votre achat !',
            'Your order has been delivered. Thank you for shopping with us!',
          ),
        ),
      ),
    ];
  },

  'order.cancelled': (data) => {
    const shortId = shortOrderId(data.orderId);
    const who = (l: Locale) => {
      if (data.cancelledBy === 'client')
        return say(l, 'Vous avez annulé cette commande', 'You cancelled this order');
      if (data.cancelledBy === 'admin')
        return say(l, 'Notre équipe a annulé cette commande', 'Our team cancelled this order');
      return say(
        l,
        'Cette commande a été annulée automatiquement',
        'This order was cancelled automatically',
      );
    };
    const refund = (l: Locale) =>
      data.wasPaid
        ? say(l, 'Votre paiement vous sera remboursé.', 'Your payment will be refunded.')
        : say(l, 'Rien ne vous a été débité.', 'You have not been charged.');
    return [
      forUser(
        data.userId,
        'order.cancelled',
        {
          orderId: data.orderId,
          shortId,
          reason: data.reason,
          refundFollows: data.wasPaid,
          cancelledBy: data.cancelledBy,
        },
        orderLink(data.orderId),
        text((l) => say(l, `Commande #${shortId} annulée`, `Order #${shortId} cancelled`)),
        text((l) => {
          const reason = reasonText(data.reason, l);
          return `${who(l)}${reason ? ` (${reason})` : ''}. ${refund(l)}`;
        }),
      ),
    ];
  },
};
