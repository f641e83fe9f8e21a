import { createHash, timingSafeEqual } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import { StrictObject } from '@souk/contracts';
import { AppError, type App } from '@souk/platform';
import type { InstanceRegistry } from './registry.service.js';

const ServiceName = Type.String({
  pattern: '^[a-z][a-z0-9-]{0,39}$',
  maxLength: 40,
  description: 'Service name, e.g. product',
});
const InstanceId = Type.String({
  pattern: '^[\\w.-]{1,64}$',
  maxLength: 64,
  description: 'Unique per running instance',
});

const ServiceParams = StrictObject({ service: ServiceName });
const InstanceParams = StrictObject({ service: ServiceName, instanceId: InstanceId });
const RegisterBody = StrictObject({
  url: Type.String({
    pattern: '^https?://[^\\s/?#@]+(/[^\\s?#]*)?$',
    maxLength: 2048,
    description: 'Base URL, e.g. http://10.0.0.5:8082',
  }),
});

const Instance = Type.Object({
  service: Type.String(),
  instanceId: Type.String(),
  url: Type.String(),
  registeredAt: Type.String({ format: 'date-time' }),
  lastHeartbeatAt: Type.String({ format: 'date-time' }),
});
const ServiceInstances = Type.Object({ service: Type.String(), instances: Type.Array(Instance) });

export interface RegistryRoutesOptions {
  registry: InstanceRegistry;
  /** Writes need it in `x-registry-token`. */
  token: string;
}

export function registryRoutes(app: App, { registry, token }: RegistryRoutesOptions): void {
  const writes = { onRequest: tokenCheck(token) };
  // Heartbeats and lookups come every few seconds from every instance: log them only when they fail.
  const quiet = { logLevel: 'warn' as const };

  app.put(
    '/registry/services/:service/instances/:instanceId',
    {
      ...writes,
      schema: { params: InstanceParams, body: RegisterBody, response: { 200: Instance } },
    },
    async (request) =>
      registry.registerInstance(
        request.params.service,
        request.params.instanceId,
        request.body.url.replace(/\/$/, ''),
      ),
  );

  app.put(
    '/registry/services/:service/instances/:instanceId/heartbeat',
    { ...writes, ...quiet, schema: { params: InstanceParams, response: { 200: Instance } } },
    async (request) => registry.recordHeartbeat(request.params.service, request.params.instanceId),
  );

  app.delete(
    '/registry/services/:service/instances/:instanceId',
    { ...writes, schema: { params: InstanceParams } },
    async (request, reply) => {
      registry.deregisterInstance(request.params.service, request.params.instanceId);
      return reply.status(204).send();
    },
  );

  app.get(
    '/registry/services/:service',
    { ...quiet, schema: { params: ServiceParams, response: { 200: ServiceInstances } } },
    async (request) => registry.listInstances(request.params.service),
  );

  app.get(
    '/registry/services',
    { schema: { response: { 200: Type.Object({ services: Type.Array(ServiceInstances) }) } } },
    async () => ({
      services: registry.listServices(),
    }),
  );
}

/** Compares digests so the check takes the same time whatever the caller sent. */
function tokenCheck(expected: string) {
  const expectedDigest = createHash('sha256').update(expected).digest();
  return async (request: { headers: Record<string, string | string[] | undefined> }) => {
    const given = request.headers['x-registry-token'];
    const givenDigest = createHash('sha256')
      .update(typeof given === 'string' ? given : '')
      .digest();
    if (!timingSafeEqual(givenDigest, expectedDigest)) {
      throw new AppError(
        'unauthorized',
        'A valid x-registry-token header is required to change the registry',
      );
    }
  };
}
