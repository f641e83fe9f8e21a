import { ClientProfile, Problem, UpdateClientBody } from '@souk/contracts';
import { principalOf, type App } from '@souk/platform';
import type { ClientContext } from '../context.js';
import { getOwnProfile, updateOwnProfile } from './profile.service.js';

const tags = ['profile'];
const security = [{ bearer: [] }];

/** The caller's own profile. There is no route to anyone else's: clients only ever reach `me`. */
export function profileRoutes(app: App, context: ClientContext): void {
  app.get(
    '/api/clients/me',
    {
      onRequest: app.requireUser,
      schema: {
        tags,
        security,
        summary: 'My profile with my saved addresses',
        description:
          '404 (with Retry-After) right after registration, until the registration event has reached this service.',
        response: { 200: ClientProfile, 401: Problem, 403: Problem, 404: Problem },
      },
    },
    async (request) => getOwnProfile(context, principalOf(request)),
  );

  app.patch(
    '/api/clients/me',
    {
      onRequest: app.requireUser,
      schema: {
        tags,
        security,
        summary: 'Change my name or phone (the email belongs to the auth service)',
        body: UpdateClientBody,
        response: { 200: ClientProfile, 400: Problem, 401: Problem, 403: Problem, 404: Problem },
      },
    },
    async (request) => updateOwnProfile(context, principalOf(request), request.body),
  );
}
