import { Type, type Static } from '@sinclair/typebox';
import { dataConfig, httpConfig } from '@souk/platform';

export const configSchema = Type.Object({
  ...httpConfig(8086),
  ...dataConfig(),
});

export type NotificationConfig = Static<typeof configSchema>;
