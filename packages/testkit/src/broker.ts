import type { Broker, EventEnvelope } from '@souk/platform';

/** The real broker, keeping a record of every envelope it accepted (tests assert on events). */
export function recordingBroker(broker: Broker, published: EventEnvelope[]): Broker {
  return {
    kind: broker.kind,
    start: () => broker.start(),
    async publish(envelopes) {
      await broker.publish(envelopes);
      published.push(...envelopes);
    },
    consume: (options, handle) => broker.consume(options, handle),
    listen: (types, handle) => broker.listen(types, handle),
    deadLetterCount: (queue) => broker.deadLetterCount(queue),
    ping: () => broker.ping(),
    stop: () => broker.stop(),
  };
}
