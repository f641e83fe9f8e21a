import { runService } from '@souk/platform';
import { buildApp } from './app.js';
import { configSchema } from './config.js';

// The registry is what others register with, so it does not register itself.
await runService({
  name: 'registry',
  configSchema,
  register: false,
  build: ({ config, logger }) => buildApp(config, { logger }),
});
