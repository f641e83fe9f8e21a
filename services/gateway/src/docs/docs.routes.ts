import swaggerUi from '@fastify/swagger-ui';
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

  await app.register(swaggerUi, {
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
