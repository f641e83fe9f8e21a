#!/usr/bin/env node
/**
 * souk-bus-topology [--remove-legacy]: applies the bus topology from @souk/contracts to the broker
 * at BROKER_URL before traffic (a Kubernetes Job or initContainer). Exits 0 once done, 1 on error.
 */
import { Type } from '@sinclair/typebox';
import { busTopology } from '@souk/contracts';
import { applyTopology } from '../bus/apply-topology.js';
import { DEFAULT_QUEUE_SETTINGS } from '../bus/queue-settings.js';
import { env, loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { dataConfig } from '../service.js';

const { BROKER_URL, BUS_DEAD_LETTER_RETENTION_DAYS } = dataConfig();
const config = loadConfig(
  Type.Object({ BROKER_URL, BUS_DEAD_LETTER_RETENTION_DAYS, LOG_LEVEL: env.logLevel() }),
);
const logger = createLogger({ name: 'bus-topology', level: config.LOG_LEVEL });
try {
  await applyTopology({
    brokerUrl: config.BROKER_URL,
    topology: busTopology,
    settings: DEFAULT_QUEUE_SETTINGS,
    deadLetterRetentionDays: config.BUS_DEAD_LETTER_RETENTION_DAYS,
    logger,
    removeLegacy: process.argv.includes('--remove-legacy'),
  });
} catch (error) {
  logger.error({ err: error }, 'could not apply the bus topology');
  process.exitCode = 1;
}
