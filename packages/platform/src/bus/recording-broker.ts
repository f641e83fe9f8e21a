import type { Broker, EventEnvelope } from './types.js';

/**
 * The real broker, keeping a record of every envelope it accepted (tests assert on events).
 * It lives here, beside the Broker it wraps, and not in @souk/testkit: testkit knows nothing of
 * the platform (databases, keys, streams), and the platform's own tests use testkit, so the
 * dependency points one way only.
 */
export function recordingBroker(broker: Broker, published: EventEnvelope[]): Broker {
  return {
    kind: broker.kind,
    start: () => broker.start(),
    declare: (topology, settings) => broker.declare(topology, settings),
    async publish(envelopes) {
      const result = await broker.publish(envelopes);
      const unroutable = new Set(result.unroutable);
      published.push(...envelopes.filter((envelope) => !unroutable.has(envelope.id)));
      return result;
    },
    consume: (options, handle) => broker.consume(options, handle),
    listen: (types, handle) => broker.listen(types, handle),
    deadLetterCount: (queue) => broker.deadLetterCount(queue),
    ping: () => broker.ping(),
    stop: () => broker.stop(),
  };
}
