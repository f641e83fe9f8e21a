import { eventSchemas, type EventMap } from '@souk/contracts';
import { buildService, type App, type Logger, type ServiceDeps } from '@souk/platform';
import type { NotificationConfig } from './config.js';
import type { NotificationContext } from './context.js';
import { migrations } from './db/migrations.js';
import { createMailSender } from './mail/mail-sender.js';
import type { NotificationDatabase } from './db/schema.js';
import { registerNotificationConsumers } from './notifications/notification.consumers.js';
import { notificationRoutes } from './notifications/notification.routes.js';
import { listenForAnnouncements } from './stream/announcements.js';
import { pushNotification } from './stream/live-push.js';
import { createStreamHub, type StreamHubOptions } from './stream/stream-hub.js';
import { streamRoutes } from './stream/stream.routes.js';

// The package's public entry (package.json exports): another service's tests can start this
// service in-process through it, with the schema that turns their environment into its config.
export { configSchema, type NotificationConfig } from './config.js';

export interface AppDeps extends ServiceDeps {
  /** Live stream tuning (tests shorten the heartbeat). */
  stream?: Omit<StreamHubOptions, 'logger'>;
}

/**
 * The notification service, not listening: migrations applied, one consumer per event that makes
 * a message, the live-stream hub fed by the announcements of new messages. Closing the app ends
 * the live streams first, then stops listening, the bus, the broker it made and the database pool.
 */
export async function buildApp(
  config: NotificationConfig,
  logger: Logger,
  deps: AppDeps = {},
): Promise<App> {
  return buildService<NotificationDatabase, EventMap>(
    {
      name: 'notification',
      description:
        'Messages for every step of an order, in French and English, with a live stream for the browser, and the mail that goes with them.',
      config,
      logger,
      migrations,
      schemas: eventSchemas,
      deps,
    },
    async ({ app, database, bus, revocations, onClose }) => {
      const context: NotificationContext = { db: database.db, bus, logger };
      if (config.SMTP_URL) {
        const sender = createMailSender(config.SMTP_URL, config.MAIL_FROM);
        onClose(async () => sender.close());
        context.mail = { sender, shopUrl: config.SHOP_URL };
      } else {
        logger.warn('SMTP_URL is not set: no mail is sent');
      }
      const hub = createStreamHub({ logger, ...deps.stream });
      const stopHearingRevocations = revocations.onRevoked((revocation) => hub.revoke(revocation));
      onClose(async () => stopHearingRevocations());
      notificationRoutes(app, context);
      streamRoutes(app, context, hub);
      registerNotificationConsumers(context);
      const announcements = await listenForAnnouncements({
        databaseUrl: config.DATABASE_URL,
        logger,
        onAnnounce: (announcement) =>
          void pushNotification(context, hub, announcement).catch((error: unknown) =>
            logger.warn(
              { err: error, notificationId: announcement.notificationId },
              'live push failed',
            ),
          ),
      });
      onClose(() => announcements.close());
      // Open streams would keep the HTTP server from closing: end them before it waits for requests.
      app.addHook('preClose', async () => hub.closeAll());
    },
  );
}
