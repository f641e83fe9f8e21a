import { fastifySwaggerUi, type FastifySwaggerUiOptions } from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import type { ApiDocs } from './api-docs.service.js';

/**
 * `GET /api/docs`: Swagger UI over the merged document, which is also served at
 * `/api/docs/openapi.json`. Swagger UI always loads `./json`; that route is made to serve the
 * merged document too, refreshed just before it is read.
 */
export async function docsRoutes(app: FastifyInstance, options: { docs: ApiDocs }): Promise<void> {
  const { docs } = options;

  app.get('/api/docs/openapi.json', { schema: { hide: true } }, async () => docs.document());

  await installSwaggerUi(app, {
    routePrefix: '/api/docs',
    uiConfig: { deepLinking: true, persistAuthorization: true, displayRequestDuration: true },
    uiHooks: {
      preHandler: async (request) => {
        const route = request.routeOptions.url ?? '';
        if (route.endsWith('/json') || route.endsWith('/yaml')) await docs.document();
      },
    },
    transformSpecificationClone: false,
    transformSpecification: (own) => docs.latest() ?? own,
  });
}

/**
 * Runs the plugin's setup in this (already encapsulated) context instead of registering it:
 * registration checks that @fastify/swagger was *registered*, while the platform installs it
 * directly so that every route a service adds is documented. The UI needs only the `swagger`
 * decorator, which is there either way. The plugin's setup is an async (instance, options) function.
 */
async function installSwaggerUi(
  app: FastifyInstance,
  options: FastifySwaggerUiOptions,
): Promise<void> {
  const setup = fastifySwaggerUi as unknown as (
    instance: FastifyInstance,
    options: FastifySwaggerUiOptions,
  ) => Promise<void>;
  await setup(app, options);
}
