import { createBroker, runService, serveMetrics } from '@souk/platform';
import { buildApp } from './app.js';
import { gatewayConfigSchema } from './config.js';

await runService({
  name: 'gateway',
  configSchema: gatewayConfigSchema,
  build: async ({ config, logger }) => {
    // Only to hear catalog changes: without a broker, cached pages expire by TTL alone.
    const broker = config.BROKER_URL
      ? createBroker(config.BROKER_URL, { logger, service: 'gateway' })
      : undefined;
    const app = await buildApp(config, { logger, broker });
    const metrics = await serveMetrics({ host: config.HOST, port: config.METRICS_PORT });
    app.addHook('onClose', () => metrics.close());
    logger.info(
      { url: `http://${config.HOST}:${metrics.port}/metrics` },
      'gateway metrics served apart from the public port',
    );
    if (broker) {
      app.addHook('onClose', () => broker.stop());
      await broker.start();
    }
    return app;
  },
});
