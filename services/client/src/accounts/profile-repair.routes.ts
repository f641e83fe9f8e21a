import { Type } from '@sinclair/typebox';
import { Problem } from '@souk/contracts';
import { bearerToken, type App } from '@souk/platform';
import { repairMissingProfiles, type ProfileRepairContext } from './profile-repair.service.js';

const ProfileRepair = Type.Object({
  accounts: Type.Integer({ description: 'Accounts the auth service listed' }),
  created: Type.Integer({ description: 'Profiles that were missing and are now created' }),
});

/** The repair for profiles lost before the bus topology existed; safe to run any number of times. */
export function profileRepairRoutes(app: App, context: ProfileRepairContext): void {
  app.post(
    '/api/clients/profile-repair',
    {
      onRequest: app.requireAdmin,
      schema: {
        tags: ['clients (admin)'],
        security: [{ bearer: [] }],
        summary: 'Create the profile of every auth account that has none (ADMIN); idempotent',
        response: { 200: ProfileRepair, 401: Problem, 403: Problem, 502: Problem },
      },
    },
    // requireAdmin has checked the token; the auth service checks it again for its account list.
    async (request) => repairMissingProfiles(context, bearerToken(request.headers.authorization)!),
  );
}
