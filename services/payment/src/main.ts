import { runService } from '@souk/platform';
import { buildApp } from './app.js';
import { configSchema } from './config.js';

await runService({
  name: 'payment',
  configSchema,
  build: ({ config, logger }) => buildApp(config, logger),
});
