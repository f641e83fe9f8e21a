import { defaultPortOf } from '@souk/contracts';
import { Type, type Static } from '@sinclair/typebox';
import { dataConfig, httpConfig } from '@souk/platform';

export const configSchema = Type.Object({
  ...httpConfig(defaultPortOf('notification')),
  ...dataConfig(),
});

export type NotificationConfig = Static<typeof configSchema>;
