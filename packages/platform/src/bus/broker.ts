import { createPgBossBroker } from './pg-boss-broker.js';
import { createRabbitBroker } from './rabbit-broker.js';
import type { Broker, BrokerOptions } from './types.js';

/** `postgres://…` gives the pg-boss broker (local default), `amqp://…` RabbitMQ (production). */
export function createBroker(url: string, options: BrokerOptions): Broker {
  if (/^postgres(ql)?:\/\//.test(url)) return createPgBossBroker(url, options);
  if (/^amqps?:\/\//.test(url)) return createRabbitBroker(url, options);
  throw new Error(
    `BROKER_URL must start with postgres:// (pg-boss) or amqp:// (RabbitMQ), got ${url.split(':')[0]}://`,
  );
}
