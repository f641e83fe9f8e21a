import { Type, type Static } from '@sinclair/typebox';
import { dataConfig, httpConfig } from '@souk/platform';

export const configSchema = Type.Object({ ...httpConfig(8083), ...dataConfig() });

export type ClientConfig = Static<typeof configSchema>;
