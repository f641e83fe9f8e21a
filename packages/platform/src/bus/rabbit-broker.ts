import type { Channel, ChannelModel, ConfirmChannel, ConsumeMessage } from 'amqplib';
import type { Logger } from '../logger.js';
import type { Broker, ConsumeOptions, Delivery, EventEnvelope } from './types.js';

const EXCHANGE = 'souk.events';
const DEAD_LETTER_EXCHANGE = 'souk.dlx';
const ATTEMPT_HEADER = 'x-attempt';

type Registration =
  | { kind: 'consume'; options: ConsumeOptions; handle: (delivery: Delivery) => Promise<void> }
  | { kind: 'listen'; types: string[]; handle: (envelope: EventEnvelope) => void };

/**
 * RabbitMQ as the broker (production). Topology per consuming queue Q (named `souk.<queue>`):
 *
 *   souk.events (topic) --type--> Q --(handler failed, attempt n < max)--> Q.retry.n (TTL = delay·2^(n-1))
 *                                  ^                                              |
 *                                  +------------- expired: back to Q -------------+
 *   Q --(last attempt failed: nack)--> souk.dlx (direct) --> Q.dlq
 *
 * One retry queue per attempt keeps every delay exact (a per-message TTL would wait behind longer
 * ones). Publishing uses a confirm channel and persistent messages on durable queues; the
 * connection recovers by itself and re-declares the topology and consumers.
 */
export function createRabbitBroker(url: string, options: { logger: Logger; service: string }): Broker {
  const { logger } = options;
  const registrations: Registration[] = [];
  const inFlight = new Set<Promise<void>>();
  let connection: Awaited<ReturnType<typeof connect>> | undefined;
  let publisher: ConfirmChannel | undefined;
  let channels: Channel[] = [];
  let consumers: Array<{ channel: Channel; tag: string }> = [];
  let stopping = false;

  // amqplib is loaded only by services that use RabbitMQ.
  async function connect() {
    const amqp = await import('amqplib');
    return amqp.connect(url, {
      clientProperties: { connection_name: `souk-${options.service}` },
      recovery: {
        initialDelay: 200,
        maxDelay: 5_000,
        initialMaxRetries: 10,
        setup: async (model: ChannelModel) => {
          channels = [];
          consumers = [];
          publisher = await model.createConfirmChannel();
          await publisher.assertExchange(EXCHANGE, 'topic', { durable: true });
          await publisher.assertExchange(DEAD_LETTER_EXCHANGE, 'direct', { durable: true });
          for (const registration of registrations) await apply(model, registration);
        },
      },
    });
  }

  async function apply(model: ChannelFactory, registration: Registration): Promise<void> {
    const channel = await model.createChannel();
    channels.push(channel);
    if (registration.kind === 'listen') {
      const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true, durable: false });
      for (const type of registration.types) await channel.bindQueue(queue, EXCHANGE, type);
      await channel.consume(
        queue,
        (message: ConsumeMessage | null) => {
          if (!message) return;
          try {
            registration.handle(JSON.parse(message.content.toString()) as EventEnvelope);
          } catch (error) {
            logger.warn({ err: error }, 'broadcast listener failed');
          }
        },
        { noAck: true },
      );
      return;
    }
    const { options: consume, handle } = registration;
    const queue = queueName(consume.queue);
    await channel.assertQueue(`${queue}.dlq`, { durable: true });
    await channel.bindQueue(`${queue}.dlq`, DEAD_LETTER_EXCHANGE, queue);
    await channel.assertQueue(queue, {
      durable: true,
      arguments: { 'x-dead-letter-exchange': DEAD_LETTER_EXCHANGE, 'x-dead-letter-routing-key': queue },
    });
    for (let attempt = 1; attempt < consume.maxAttempts; attempt += 1) {
      await channel.assertQueue(`${queue}.retry.${attempt}`, {
        durable: true,
        arguments: {
          'x-message-ttl': consume.retryDelayMs * 2 ** (attempt - 1),
          'x-dead-letter-exchange': '',
          'x-dead-letter-routing-key': queue,
        },
      });
    }
    for (const type of consume.types) await channel.bindQueue(queue, EXCHANGE, type);
    await channel.prefetch(consume.concurrency);
    const { consumerTag } = await channel.consume(queue, (message) => {
      if (!message) return;
      const task = deliver(channel, queue, consume, handle, message).finally(() => inFlight.delete(task));
      inFlight.add(task);
    });
    consumers.push({ channel, tag: consumerTag });
  }

  async function deliver(
    channel: Channel,
    queue: string,
    consume: ConsumeOptions,
    handle: (delivery: Delivery) => Promise<void>,
    message: ConsumeMessage,
  ): Promise<void> {
    const attempt = Number(message.properties.headers?.[ATTEMPT_HEADER] ?? 1);
    let envelope: EventEnvelope;
    try {
      envelope = JSON.parse(message.content.toString()) as EventEnvelope;
    } catch (error) {
      logger.error({ err: error, queue }, 'unreadable message sent to the dead-letter queue');
      channel.nack(message, false, false);
      return;
    }
    try {
      await handle({ envelope, attempt, maxAttempts: consume.maxAttempts });
      channel.ack(message);
    } catch {
      try {
        if (attempt >= consume.maxAttempts) {
          channel.nack(message, false, false);
          return;
        }
        await publishConfirmed(`${queue}.retry.${attempt}`, message.content, {
          messageId: message.properties.messageId,
          headers: { ...message.properties.headers, [ATTEMPT_HEADER]: attempt + 1 },
        });
        channel.ack(message);
      } catch (error) {
        // The channel went away: the unacknowledged message is redelivered after recovery.
        logger.warn({ err: error, queue }, 'could not schedule a retry');
      }
    }
  }

  async function publishConfirmed(
    queue: string,
    content: Buffer,
    properties: { messageId?: string; headers?: Record<string, unknown> },
  ): Promise<void> {
    if (!publisher) throw new Error('RabbitMQ is not connected');
    const channel = publisher;
    await new Promise<void>((resolve, reject) => {
      channel.sendToQueue(queue, content, { ...properties, persistent: true, contentType: 'application/json' }, (error) =>
        error ? reject(error) : resolve(),
      );
    });
  }

  return {
    kind: 'rabbitmq',

    async start() {
      if (connection) return;
      connection = await connect();
      connection.on('disconnect', (error: Error) => {
        if (!stopping) logger.warn({ err: error }, 'RabbitMQ connection lost; recovering');
      });
      connection.on('error', (error: Error) => logger.warn({ err: error }, 'RabbitMQ error'));
    },

    async publish(envelopes) {
      if (envelopes.length === 0) return;
      if (!publisher) throw new Error('RabbitMQ is not connected');
      const channel = publisher;
      await Promise.all(
        envelopes.map(
          (envelope) =>
            new Promise<void>((resolve, reject) => {
              channel.publish(
                EXCHANGE,
                envelope.type,
                Buffer.from(JSON.stringify(envelope)),
                { persistent: true, contentType: 'application/json', messageId: envelope.id, type: envelope.type },
                (error) => (error ? reject(error) : resolve()),
              );
            }),
        ),
      );
    },

    async consume(consume, handle) {
      const registration: Registration = { kind: 'consume', options: consume, handle };
      registrations.push(registration);
      if (connection) await apply(connection, registration);
    },

    async listen(types, handle) {
      const registration: Registration = { kind: 'listen', types, handle };
      registrations.push(registration);
      if (connection) await apply(connection, registration);
    },

    async deadLetterCount(queue) {
      if (!publisher) throw new Error('RabbitMQ is not connected');
      const { messageCount } = await publisher.checkQueue(`${queueName(queue)}.dlq`);
      return messageCount;
    },

    async ping() {
      if (!publisher) throw new Error('RabbitMQ is not connected');
      await publisher.checkExchange(EXCHANGE);
    },

    async stop() {
      stopping = true;
      // Stop taking messages, let the ones in hand finish and be acknowledged, then close.
      await Promise.allSettled(consumers.map(({ channel, tag }) => channel.cancel(tag)));
      await Promise.allSettled(inFlight);
      await Promise.allSettled(channels.map((channel) => channel.close()));
      await connection?.close().catch(() => {});
      connection = undefined;
      publisher = undefined;
    },
  };
}

/** A plain or recovering connection: both create channels on the live connection. */
interface ChannelFactory {
  createChannel(): Promise<Channel>;
}

function queueName(queue: string): string {
  return `souk.${queue}`;
}
