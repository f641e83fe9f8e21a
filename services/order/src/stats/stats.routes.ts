import { OrderStats, OrderStatsQuery, Problem } from '@souk/contracts';
import type { App } from '@souk/platform';
import type { OrderContext } from '../context.js';
import { computeOrderStats } from './stats.service.js';

export function statsRoutes(app: App, ctx: OrderContext): void {
  app.get(
    '/api/orders/stats',
    {
      onRequest: app.requireAdmin,
      schema: {
        tags: ['admin figures'],
        security: [{ bearer: [] }],
        summary: 'Dashboard figures owned by the order service (ADMIN)',
        querystring: OrderStatsQuery,
        response: { 200: OrderStats, 400: Problem, 401: Problem, 403: Problem },
      },
    },
    async (request) => computeOrderStats(ctx, request.query),
  );
}
