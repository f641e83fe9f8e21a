import { Type } from '@sinclair/typebox';
import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import { createEventBus } from './event-bus.js';
import type { Broker } from './types.js';

const schemas = { 'a.thing.happened': Type.Object({}), 'b.thing.happened': Type.Object({}) };
type Events = { 'a.thing.happened': object; 'b.thing.happened': object };
const logger = createLogger({ name: 'topology-test', level: 'silent' });

function busFor(topology: Record<string, string[]>) {
  // Neither is reached: the checks come before the bus touches the database or the broker.
  return createEventBus<Events>({
    service: 'shop',
    db: {} as Kysely<any>,
    broker: {} as Broker,
    schemas,
    logger,
    topology,
  });
}

describe('a service and the declared bus topology', () => {
  it('when a service registers a handler for a type its entry does not list, then it fails at once, naming the table', () => {
    const bus = busFor({ shop: ['a.thing.happened'] });
    expect(() => bus.on('b.thing.happened', async () => {})).toThrow(
      /does not route b.thing.happened to shop: add it to busTopology/,
    );
  });

  it('when its entry lists a type it has no handler for, then start fails before anything is declared or published', async () => {
    const bus = busFor({ shop: ['a.thing.happened', 'b.thing.happened'] });
    bus.on('a.thing.happened', async () => {});
    await expect(bus.start()).rejects.toThrow(
      /routes b.thing.happened to shop, which registers no handler/,
    );
  });
});
