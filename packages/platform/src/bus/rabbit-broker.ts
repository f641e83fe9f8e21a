import type { Channel, ChannelModel, ConfirmChannel, ConsumeMessage, Message } from 'amqplib';
import { retentionMsOf } from './queue-settings.js';
import type {
  Broker,
  BrokerOptions,
  BusTopology,
  ConsumeOptions,
  Delivery,
  EventEnvelope,
  QueueSettings,
} from './types.js';

const EXCHANGE = 'souk.events';
const DEAD_LETTER_EXCHANGE = 'souk.dlx';
const ATTEMPT_HEADER = 'x-attempt';
/** Set by quorum queues on a message returned to the queue (its process died, its channel closed). */
const DELIVERY_COUNT_HEADER = 'x-delivery-count';
/**
 * Consuming queues are `souk.quorum.<service>`. The first layout used classic queues named
 * `souk.<service>`, which cannot be redeclared as quorum queues (PRECONDITION_FAILED): new names
 * let an installation move without a stop; `souk-bus-topology --remove-legacy` retires the old.
 */
const QUEUE_PREFIX = 'souk.quorum.';
const LEGACY_QUEUE_PREFIX = 'souk.';

type Registration =
  | { kind: 'consume'; options: ConsumeOptions; handle: (delivery: Delivery) => Promise<void> }
  | { kind: 'listen'; types: string[]; handle: (envelope: EventEnvelope) => void };

/**
 * RabbitMQ as the broker (production). Topology per consuming queue Q (`souk.quorum.<queue>`):
 *
 *   souk.events (topic) --type--> Q --(handler failed, attempt n < max)--> Q.retry.n (TTL = delay·2^(n-1))
 *                                  ^                                              |
 *                                  +------------- expired: back to Q -------------+
 *   Q --(last attempt failed: nack, or delivery limit reached)--> souk.dlx (direct) --> Q.dlq (TTL = retention)
 *
 * Every queue is a durable quorum queue. Q's delivery limit dead-letters a message whose handler
 * kills its process (it comes back unacknowledged every time, so no handler code counts it).
 * One retry queue per attempt keeps every delay exact (a per-message TTL would wait behind longer
 * ones). Publishing uses a confirm channel, persistent messages, and `mandatory` for the types
 * the declared topology routes: a message no queue takes comes back and is reported unroutable
 * instead of vanishing. The connection recovers by itself and re-declares everything.
 */
export function createRabbitBroker(url: string, options: BrokerOptions): Broker {
  const { logger } = options;
  const registrations: Registration[] = [];
  const declarations: Array<{ topology: BusTopology; settings: QueueSettings }> = [];
  /** Types the declared topology routes to a queue: published with `mandatory`. */
  const routedTypes = new Set<string>();
  /** Message ids the broker returned and whose confirm has not come yet (basic.return precedes basic.ack). */
  const returned = new Map<string, number>();
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
          returned.clear();
          publisher = await model.createConfirmChannel();
          publisher.on('return', noteReturned);
          await publisher.assertExchange(EXCHANGE, 'topic', { durable: true });
          await publisher.assertExchange(DEAD_LETTER_EXCHANGE, 'direct', { durable: true });
          for (const { topology, settings } of declarations)
            await declareAll(model, topology, settings);
          for (const registration of registrations) await apply(model, registration);
        },
      },
    });
  }

  function noteReturned(message: Message): void {
    const id = String(message.properties.messageId ?? '');
    returned.set(id, (returned.get(id) ?? 0) + 1);
  }

  /** Whether the broker returned this message before confirming it (consumes the mark). */
  function takeReturned(id: string): boolean {
    const count = returned.get(id) ?? 0;
    if (count === 0) return false;
    if (count === 1) returned.delete(id);
    else returned.set(id, count - 1);
    return true;
  }

  async function declareAll(
    model: ChannelFactory,
    topology: BusTopology,
    settings: QueueSettings,
  ): Promise<void> {
    for (const [queue, types] of Object.entries(topology)) {
      await declareQueue(model, { queue, types: [...types], ...settings });
    }
  }

  /**
   * Q, its retry queues and its dead-letter queue, and Q's bindings. A dead-letter queue declared
   * earlier with another retention keeps it (RabbitMQ cannot change a queue's arguments): that
   * is logged, not fatal; the README says how to apply a new retention.
   */
  async function declareQueue(
    model: ChannelFactory,
    consume: Omit<ConsumeOptions, 'concurrency'>,
  ): Promise<void> {
    const queue = queueName(consume.queue);
    let channel = await model.createChannel();
    try {
      try {
        await channel.assertQueue(`${queue}.dlq`, {
          durable: true,
          arguments: { 'x-queue-type': 'quorum', 'x-message-ttl': retentionMsOf(options) },
        });
      } catch (error) {
        if (!isPreconditionFailed(error)) throw error;
        logger.warn(
          { queue: `${queue}.dlq`, err: error },
          'dead-letter queue exists with another retention; it keeps the old one',
        );
        channel = await model.createChannel();
      }
      await channel.bindQueue(`${queue}.dlq`, DEAD_LETTER_EXCHANGE, queue);
      await channel.assertQueue(queue, {
        durable: true,
        arguments: {
          'x-queue-type': 'quorum',
          // Returns (not deliveries) are counted: maxAttempts deliveries in all.
          'x-delivery-limit': consume.maxAttempts - 1,
          'x-dead-letter-exchange': DEAD_LETTER_EXCHANGE,
          'x-dead-letter-routing-key': queue,
        },
      });
      for (let attempt = 1; attempt < consume.maxAttempts; attempt += 1) {
        await channel.assertQueue(`${queue}.retry.${attempt}`, {
          durable: true,
          arguments: {
            'x-queue-type': 'quorum',
            'x-message-ttl': consume.retryDelayMs * 2 ** (attempt - 1),
            'x-dead-letter-exchange': '',
            'x-dead-letter-routing-key': queue,
            // An expired retry must reach Q even if Q is briefly unavailable.
            'x-dead-letter-strategy': 'at-least-once',
            'x-overflow': 'reject-publish',
          },
        });
      }
      for (const type of consume.types) await channel.bindQueue(queue, EXCHANGE, type);
    } finally {
      await channel.close().catch(() => {});
    }
  }

  async function apply(model: ChannelFactory, registration: Registration): Promise<void> {
    const channel = await model.createChannel();
    channels.push(channel);
    if (registration.kind === 'listen') {
      const { queue } = await channel.assertQueue('', {
        exclusive: true,
        autoDelete: true,
        durable: false,
      });
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
    await declareQueue(model, consume);
    await channel.prefetch(consume.concurrency);
    const { consumerTag } = await channel.consume(queue, (message) => {
      if (!message) return;
      const task = deliver(channel, queue, consume, handle, message).finally(() =>
        inFlight.delete(task),
      );
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
    // Failures the handler reported, plus the times the message came back from a dead process.
    const headers = message.properties.headers ?? {};
    const attempt =
      Number(headers[ATTEMPT_HEADER] ?? 1) + Number(headers[DELIVERY_COUNT_HEADER] ?? 0);
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
        const { [DELIVERY_COUNT_HEADER]: _returns, ...kept } = headers;
        await publishConfirmed(`${queue}.retry.${attempt}`, message.content, {
          messageId: message.properties.messageId,
          headers: { ...kept, [ATTEMPT_HEADER]: attempt + 1 },
        });
        channel.ack(message);
      } catch (error) {
        // Back to Q, counted against its delivery limit; if the channel went away, the
        // unacknowledged message comes back after recovery anyway.
        logger.warn({ err: error, queue }, 'could not schedule a retry');
        try {
          channel.nack(message, false, true);
        } catch {
          // Channel closed.
        }
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
    const id = properties.messageId ?? '';
    await new Promise<void>((resolve, reject) => {
      channel.sendToQueue(
        queue,
        content,
        { ...properties, persistent: true, mandatory: true, contentType: 'application/json' },
        (error) => {
          if (takeReturned(id) && !error) reject(new Error(`Queue ${queue} does not exist`));
          else if (error)
            reject(error instanceof Error ? error : new Error('Publish failed', { cause: error }));
          else resolve();
        },
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

    async declare(topology, settings) {
      declarations.push({ topology, settings });
      for (const types of Object.values(topology)) for (const type of types) routedTypes.add(type);
      if (connection) await declareAll(connection, topology, settings);
    },

    async publish(envelopes) {
      if (envelopes.length === 0) return { unroutable: [] };
      if (!publisher) throw new Error('RabbitMQ is not connected');
      const channel = publisher;
      const outcomes = await Promise.all(
        envelopes.map(
          (envelope) =>
            new Promise<'routed' | 'returned'>((resolve, reject) => {
              channel.publish(
                EXCHANGE,
                envelope.type,
                Buffer.from(JSON.stringify(envelope)),
                {
                  persistent: true,
                  mandatory: routedTypes.has(envelope.type),
                  contentType: 'application/json',
                  messageId: envelope.id,
                  type: envelope.type,
                },
                (error) => {
                  const wasReturned = takeReturned(envelope.id);
                  if (error)
                    reject(
                      error instanceof Error
                        ? error
                        : new Error('Publish failed', { cause: error }),
                    );
                  else resolve(wasReturned ? 'returned' : 'routed');
                },
              );
            }),
        ),
      );
      return {
        unroutable: envelopes
          .filter((_, index) => outcomes[index] === 'returned')
          .map((envelope) => envelope.id),
      };
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
  return `${QUEUE_PREFIX}${queue}`;
}

/** The classic queues of the first layout, for `souk-bus-topology --remove-legacy`. */
export function legacyQueueNames(queue: string, maxAttempts: number): string[] {
  const base = `${LEGACY_QUEUE_PREFIX}${queue}`;
  return [
    base,
    `${base}.dlq`,
    ...Array.from({ length: maxAttempts - 1 }, (_, index) => `${base}.retry.${index + 1}`),
  ];
}

export function rabbitQueueNames(queue: string, maxAttempts: number): string[] {
  const base = queueName(queue);
  return [
    base,
    `${base}.dlq`,
    ...Array.from({ length: maxAttempts - 1 }, (_, index) => `${base}.retry.${index + 1}`),
  ];
}

function isPreconditionFailed(error: unknown): boolean {
  return (error as { code?: number }).code === 406;
}
