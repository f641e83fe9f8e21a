import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { describeSystem, type SystemViewOptions } from './system.service.js';

const InstanceStatusSchema = Type.Object({
  instanceId: Type.String(),
  url: Type.String(),
  state: Type.Union([
    Type.Literal('ready'),
    Type.Literal('degraded'),
    Type.Literal('not_ready'),
    Type.Literal('unreachable'),
  ]),
  checks: Type.Record(Type.String(), Type.String()),
  registeredAt: Type.Optional(Type.String()),
  lastHeartbeatAt: Type.Optional(Type.String()),
});

const SystemViewSchema = Type.Object({
  checkedAt: Type.String({ format: 'date-time' }),
  services: Type.Array(
    Type.Object({
      name: Type.String(),
      instances: Type.Array(InstanceStatusSchema),
      error: Type.Optional(Type.String()),
    }),
  ),
});

/** The admin dashboard's view of the running system. */
export async function systemRoutes(
  app: FastifyInstance,
  options: SystemViewOptions,
): Promise<void> {
  app.get(
    '/api/system/services',
    {
      onRequest: app.requireAdmin,
      schema: {
        tags: ['system'],
        summary: 'Services, their instances and their readiness (ADMIN)',
        security: [{ bearer: [] }],
        response: { 200: SystemViewSchema },
      },
    },
    async () => describeSystem(options),
  );
}
