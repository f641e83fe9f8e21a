import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import amqp from 'amqplib';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../logger.js';
import { createRabbitBroker, rabbitQueueNames } from './rabbit-broker.js';
import type { EventEnvelope } from './types.js';

const logger = createLogger({ name: 'poison-test', level: 'silent' });
const fixture = fileURLToPath(new URL('./fixtures/crashing-consumer.ts', import.meta.url));
const MAX_ATTEMPTS = 3;
// A few seconds, so the test sees dead-lettered copies expire.
const RETENTION_DAYS = 4 / 86_400;
const TYPE = 'test.poison.happened';

/** Runs the consumer process once; resolves with its exit code and output. */
function runConsumer(queue: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fixture], {
      env: {
        ...process.env,
        QUEUE: queue,
        EVENT_TYPE: TYPE,
        MAX_ATTEMPTS: String(MAX_ATTEMPTS),
        RETENTION_DAYS: String(RETENTION_DAYS),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, output }));
  });
}

function envelope(data: { n: number; poison?: boolean }): EventEnvelope {
  return {
    id: randomUUID(),
    type: TYPE,
    version: 1,
    occurredAt: new Date().toISOString(),
    source: 'test',
    data,
  };
}

// RabbitMQ only: pg-boss gives a job whose process died back after its expiry, within retryLimit.
describe.runIf(process.env.AMQP_URL)('poison messages on RabbitMQ', () => {
  const queue = `poison-${randomUUID().slice(0, 8)}`;
  const broker = createRabbitBroker(process.env.AMQP_URL!, {
    logger,
    service: 'poison-test',
    deadLetterRetentionDays: RETENTION_DAYS,
  });

  afterAll(async () => {
    await broker.stop();
    const connection = await amqp.connect(process.env.AMQP_URL!);
    const channel = await connection.createChannel();
    for (const name of rabbitQueueNames(queue, MAX_ATTEMPTS))
      await channel.deleteQueue(name).catch(() => {});
    await connection.close();
  });

  it('when a handler kills its process, then after the delivery limit the message is dead-lettered, the next one is handled, and the dead letter expires', async () => {
    await broker.start();
    await broker.declare({ [queue]: [TYPE] }, { maxAttempts: MAX_ATTEMPTS, retryDelayMs: 500 });
    const good = Math.floor(Math.random() * 1_000_000);
    expect(await broker.publish([envelope({ n: 0, poison: true }), envelope({ n: good })])).toEqual(
      { unroutable: [] },
    );

    // A supervisor restarting the crashed process, a bounded number of times.
    const codes: Array<number | null> = [];
    let output = '';
    for (let run = 0; run < MAX_ATTEMPTS + 2 && !output; run += 1) {
      const result = await runConsumer(queue);
      codes.push(result.code);
      output = result.output;
    }
    expect(codes).toEqual([...Array<number>(MAX_ATTEMPTS).fill(1), 0]);
    expect(output).toBe(`handled ${good}\n`);
    expect(await broker.deadLetterCount(queue)).toBe(1);
    await vi.waitFor(async () => expect(await broker.deadLetterCount(queue)).toBe(0), {
      timeout: 15_000,
      interval: 250,
    });
  }, 90_000);
});
