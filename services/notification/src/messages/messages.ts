import type { EventMap, NotificationKind } from '@souk/contracts';
import { accountPaymentStockMessages } from './account-payment-stock-messages.js';
import type { Message, MessageBuilders } from './message-kit.js';
import { orderMessages } from './order-messages.js';

export type { Message } from './message-kit.js';

/** One builder per kind: the type makes a missing kind a compile error. */
export const messageBuilders: MessageBuilders = {
  ...orderMessages,
  ...accountPaymentStockMessages,
};

/** The messages an event makes. */
export function messagesFor<K extends NotificationKind>(type: K, data: EventMap[K]): Message[] {
  return messageBuilders[type](data);
}
