import { defaultPortOf } from '@souk/contracts';
import { Type, type Static } from '@sinclair/typebox';
import { dataConfig, httpConfig } from '@souk/platform';

export const configSchema = Type.Object({
  ...httpConfig(defaultPortOf('client')),
  ...dataConfig(),
});

export type ClientConfig = Static<typeof configSchema>;
