import type { Static, TSchema } from '@sinclair/typebox';
import { authEvents } from './auth.js';
import { clientEvents } from './client.js';
import { notificationEvents } from './notification.js';
import { orderEvents } from './order.js';
import { paymentEvents } from './payment.js';
import { productEvents } from './product.js';
import { stockEvents } from './stock.js';

/**
 * Every event on the bus, by type, with its payload schema. Types follow the names in the
 * project's issues (`auth.user.registered`, `order.placed`, `stock.reserved`, `payment.succeeded`).
 */
export const eventSchemas = {
  ...authEvents,
  ...productEvents,
  ...stockEvents,
  ...orderEvents,
  ...paymentEvents,
  ...clientEvents,
  ...notificationEvents,
} satisfies Record<string, TSchema>;

type Schemas = typeof eventSchemas;
export type EventMap = { [K in keyof Schemas]: Static<Schemas[K]> };
export type EventType = keyof EventMap;
