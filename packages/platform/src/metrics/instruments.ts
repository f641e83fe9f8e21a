import { metrics, type Counter, type Histogram, type Meter } from '@opentelemetry/api';

/**
 * The platform's instruments, made on first use from the global meter (and made again if the
 * meter provider was installed after that: before it, the API hands out no-op instruments).
 * Names follow OpenTelemetry's semantic conventions where one exists, `souk.<area>.<thing>`
 * elsewhere; README lists them with their Prometheus names.
 */
export const METER_NAME = 'souk';

/** Seconds; OpenTelemetry's advice for HTTP durations. */
const HTTP_DURATION_BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10,
];

function makeInstruments(meter: Meter) {
  const counter = (name: string, description: string, unit: string): Counter =>
    meter.createCounter(name, { description, unit });
  const duration = (name: string, description: string): Histogram =>
    meter.createHistogram(name, {
      description,
      unit: 's',
      advice: { explicitBucketBoundaries: HTTP_DURATION_BUCKETS },
    });
  return {
    httpServerDuration: duration(
      'http.server.request.duration',
      'Requests this service answered, by method, route template and status',
    ),
    httpClientDuration: duration(
      'http.client.request.duration',
      'Calls to other services, by target service, method and status',
    ),
    busPublished: counter(
      'souk.bus.published',
      'Events the outbox relay handed to the broker (confirmed), by event type',
      '{event}',
    ),
    busConsumed: counter(
      'souk.bus.consumed',
      'Events a handler processed (duplicates included), by event type',
      '{event}',
    ),
    busFailed: counter(
      'souk.bus.failed',
      'Handler failures, by event type (each is retried or dead-lettered)',
      '{event}',
    ),
    busRetried: counter(
      'souk.bus.retried',
      'Failed deliveries the broker will redeliver, by event type',
      '{event}',
    ),
    busDeadLettered: counter(
      'souk.bus.dead_lettered',
      'Events parked for a person to look at, by event type',
      '{event}',
    ),
    meter,
  };
}

export type Instruments = ReturnType<typeof makeInstruments>;
let current: Instruments | undefined;

export function instruments(): Instruments {
  const meter = metrics.getMeter(METER_NAME);
  if (current?.meter !== meter) current = makeInstruments(meter);
  return current;
}

export function meter(): Meter {
  return metrics.getMeter(METER_NAME);
}

export type BusOutcome = 'consumed' | 'failed' | 'retried' | 'dead_lettered';

const BUS_COUNTERS: Record<BusOutcome, keyof Instruments> = {
  consumed: 'busConsumed',
  failed: 'busFailed',
  retried: 'busRetried',
  dead_lettered: 'busDeadLettered',
};

/** Starts a consumer's series at 0, so a rate or an alert sees them before the first event. */
export function zeroDeliveryCounters(eventTypes: Iterable<string>): void {
  for (const type of eventTypes) {
    for (const counter of Object.values(BUS_COUNTERS))
      (instruments()[counter] as Counter).add(0, { 'event.type': type });
  }
}

/** One event through a consumer: what happened to it. */
export function countDelivery(outcome: BusOutcome, eventType: string): void {
  (instruments()[BUS_COUNTERS[outcome]] as Counter).add(1, { 'event.type': eventType });
}

/** Events the broker confirmed, counted per type. */
export function countPublished(envelopes: ReadonlyArray<{ type: string }>): void {
  const byType = new Map<string, number>();
  for (const { type } of envelopes) byType.set(type, (byType.get(type) ?? 0) + 1);
  const counter = instruments().busPublished;
  for (const [type, count] of byType) counter.add(count, { 'event.type': type });
}

export function recordServerRequest(
  method: string,
  route: string | undefined,
  status: number,
  seconds: number,
): void {
  instruments().httpServerDuration.record(seconds, {
    'http.request.method': method,
    ...(route ? { 'http.route': route } : {}),
    'http.response.status_code': status,
  });
}

/** A call to another service: its status, or the kind of transport error when there was none. */
export function recordClientRequest(
  service: string,
  method: string,
  outcome: { status: number } | { error: string },
  seconds: number,
): void {
  instruments().httpClientDuration.record(seconds, {
    'http.request.method': method,
    'peer.service': service,
    ...('status' in outcome
      ? { 'http.response.status_code': outcome.status }
      : { 'error.type': outcome.error }),
  });
}
