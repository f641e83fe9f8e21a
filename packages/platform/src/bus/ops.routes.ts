import { Type } from '@sinclair/typebox';
import type { App } from '../http/server.js';
import type { Broker, EventBus, EventMapBase } from './types.js';

const DeadLetterSchema = Type.Object({
  id: Type.String(),
  consumer: Type.String(),
  eventId: Type.String(),
  eventType: Type.String(),
  envelope: Type.Unknown(),
  error: Type.String(),
  attempts: Type.Integer(),
  status: Type.String(),
  failedAt: Type.String(),
  resolvedAt: Type.Union([Type.String(), Type.Null()]),
});

const IdParams = Type.Object(
  { id: Type.String({ format: 'uuid', maxLength: 36 }) },
  { additionalProperties: false },
);

/** Deepest page one may ask for: past it the offset is more than any dead-letter table holds. */
const MAX_PAGE = 100_000;

/**
 * Admin operations every service exposes under /api/ops/<service>: the events its handlers could
 * not process (dead letters), to inspect, replay after a fix, or discard.
 */
export function registerOpsRoutes<Events extends EventMapBase>(
  app: App,
  bus: EventBus<Events>,
  service: string,
  broker?: Broker,
): void {
  const base = `/api/ops/${service}`;
  const tags = ['operations'];

  app.get(
    `${base}/dead-letters`,
    {
      onRequest: app.requireAdmin,
      schema: {
        tags,
        summary: 'Events this service failed to handle',
        querystring: Type.Object(
          {
            status: Type.Optional(
              Type.Union([
                Type.Literal('open'),
                Type.Literal('replayed'),
                Type.Literal('discarded'),
              ]),
            ),
            page: Type.Integer({ minimum: 1, maximum: MAX_PAGE, default: 1 }),
            pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(DeadLetterSchema),
            page: Type.Integer(),
            pageSize: Type.Integer(),
            total: Type.Integer(),
            brokerDeadLetters: Type.Optional(Type.Integer()),
          }),
        },
      },
    },
    async (request) => {
      const { status, page, pageSize } = request.query;
      const result = await bus.deadLetters.list({
        status,
        limit: pageSize,
        offset: (page - 1) * pageSize,
      });
      const brokerDeadLetters = broker ? await broker.deadLetterCount(service) : undefined;
      return {
        ...result,
        page,
        pageSize,
        ...(brokerDeadLetters === undefined ? {} : { brokerDeadLetters }),
      };
    },
  );

  app.post(
    `${base}/dead-letters/:id/replay`,
    {
      onRequest: app.requireAdmin,
      schema: {
        tags,
        summary: 'Run the handler again for a dead letter',
        params: IdParams,
        response: { 200: DeadLetterSchema },
      },
    },
    async (request) => bus.deadLetters.replay(request.params.id),
  );

  app.post(
    `${base}/dead-letters/:id/discard`,
    {
      onRequest: app.requireAdmin,
      schema: {
        tags,
        summary: 'Give up on a dead letter',
        params: IdParams,
        response: { 200: DeadLetterSchema },
      },
    },
    async (request) => bus.deadLetters.discard(request.params.id),
  );
}
