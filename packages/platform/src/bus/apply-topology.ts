import amqp from 'amqplib';
import type { Logger } from '../logger.js';
import { createBroker } from './broker.js';
import { legacyQueueNames } from './rabbit-broker.js';
import type { BusTopology, QueueSettings } from './types.js';

export interface ApplyTopologyOptions {
  brokerUrl: string;
  topology: BusTopology;
  settings: QueueSettings;
  deadLetterRetentionDays: number;
  logger: Logger;
  /** RabbitMQ: unbind the classic queues of the first layout and delete those that are empty. */
  removeLegacy?: boolean;
}

/**
 * Declares every queue, binding (or pg-boss subscription), retry and dead-letter queue of the
 * topology, the way each service does at start, for a deployment to run before traffic.
 */
export async function applyTopology(options: ApplyTopologyOptions): Promise<void> {
  const { logger } = options;
  const broker = createBroker(options.brokerUrl, {
    logger,
    service: 'bus-topology',
    deadLetterRetentionDays: options.deadLetterRetentionDays,
  });
  try {
    await broker.start();
    await broker.declare(options.topology, options.settings);
    logger.info(
      { queues: Object.keys(options.topology), broker: broker.kind },
      'bus topology applied',
    );
  } finally {
    await broker.stop();
  }
  if (options.removeLegacy && broker.kind === 'rabbitmq') await removeLegacyQueues(options);
}

/**
 * The classic queues `souk.<service>` stop receiving copies (unbound) and go away once empty. A
 * queue that still holds messages is left and reported: run the command again once the previous
 * version's consumers have emptied it (its events also reached the new queue since the new
 * version first started; the inbox makes a double delivery harmless).
 */
async function removeLegacyQueues({
  brokerUrl,
  topology,
  settings,
  logger,
}: ApplyTopologyOptions): Promise<void> {
  const connection = await amqp.connect(brokerUrl);
  connection.on('error', () => {});
  /** Runs one operation on its own channel (a missing queue closes the channel); undefined when the queue is missing. */
  async function onQueue<T>(
    operation: (channel: amqp.Channel) => Promise<T>,
  ): Promise<T | undefined> {
    const channel = await connection.createChannel();
    channel.on('error', () => {});
    try {
      return await operation(channel);
    } catch (error) {
      if ((error as { code?: number }).code === 404) return undefined;
      throw error;
    } finally {
      await channel.close().catch(() => {});
    }
  }
  try {
    for (const [queue, types] of Object.entries(topology)) {
      const [main, ...others] = legacyQueueNames(queue, settings.maxAttempts) as [
        string,
        ...string[],
      ];
      const remaining = await onQueue(async (channel) => {
        for (const type of types) await channel.unbindQueue(main, 'souk.events', type);
        const { messageCount } = await channel.checkQueue(main);
        if (messageCount === 0) await channel.deleteQueue(main);
        return messageCount;
      });
      if (remaining === undefined) continue;
      if (remaining > 0) {
        logger.warn(
          { queue: main, messageCount: remaining },
          'legacy queue still holds messages; unbound, left in place',
        );
        continue;
      }
      logger.info({ queue: main }, 'legacy queue removed');
      for (const name of others) {
        const removed = await onQueue((channel) => channel.deleteQueue(name));
        if (removed && removed.messageCount > 0)
          logger.warn(
            { queue: name, messageCount: removed.messageCount },
            'legacy queue removed with its messages',
          );
      }
    }
  } finally {
    await connection.close();
  }
}
