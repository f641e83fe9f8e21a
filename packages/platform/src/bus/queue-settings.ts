import type { BrokerOptions, QueueSettings } from './types.js';

/** Dead-lettered messages are kept this long unless BUS_DEAD_LETTER_RETENTION_DAYS says otherwise. */
export const DEFAULT_DEAD_LETTER_RETENTION_DAYS = 14;

/** What every service uses; RabbitMQ queue arguments derive from it, so it must not vary by process. */
export const DEFAULT_QUEUE_SETTINGS: QueueSettings = { maxAttempts: 5, retryDelayMs: 1_000 };

export function retentionMsOf(options: BrokerOptions): number {
  return (options.deadLetterRetentionDays ?? DEFAULT_DEAD_LETTER_RETENTION_DAYS) * 86_400_000;
}
