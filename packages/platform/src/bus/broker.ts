import type { Logger } from '../logger.js';
import { createPgBossBroker } from './pg-boss-broker.js';
import { createRabbitBroker } from './rabbit-broker.js';
import type { Broker } from './types.js';

/** `postgres://…` gives the pg-boss broker (local default), `amqp://…` RabbitMQ (production). */
export function createBroker(url: string, options: { logger: Logger; service: string }): Broker {
  if (/^postgres(ql)?:\/\//.test(url)) return createPgBossBroker(url, options);
  if (/^amqps?:\/\//.test(url)) return createRabbitBroker(url, options);
  throw new Error(`BROKER_URL must start with postgres:// (pg-boss) or amqp:// (RabbitMQ), got ${url.split(':')[0]}://`);
}
