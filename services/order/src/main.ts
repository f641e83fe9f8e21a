import { runService } from '@souk/platform';
import { buildApp } from './app.js';
import { configSchema } from './config.js';

await runService({
  name: 'order',
  configSchema,
  build: ({ config, logger }) => buildApp(config, logger),
});
