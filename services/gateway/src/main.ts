import { createBroker, runService } from '@souk/platform';
import { buildApp } from './app.js';
import { gatewayConfigSchema } from './config.js';

await runService({
  name: 'gateway',
  configSchema: gatewayConfigSchema,
  build: async ({ config, logger }) => {
    // Only to hear catalog changes: without a broker, cached pages expire by TTL alone.
    const broker = config.BROKER_URL ? createBroker(config.BROKER_URL, { logger, service: 'gateway' }) : undefined;
    const app = await buildApp(config, { logger, broker });
    if (broker) {
      app.addHook('onClose', () => broker.stop());
      await broker.start();
    }
    return app;
  },
});
