export {
  startTestPostgres,
  createTestDatabase,
  freePort,
  type TestPostgres,
  type TestDatabase,
} from './postgres.js';
export { createTestKeys, TEST_ISSUER, TEST_AUDIENCE, type TestKeys } from './tokens.js';
export { testDatabaseServerUrl } from './vitest.js';
export { openStream, type StreamClient, type StreamMessage } from './sse.js';
export { startOtlpReceiver, type ReceivedSpan } from './otlp.js';
export { sampleNames, sampleValue } from './prometheus.js';
