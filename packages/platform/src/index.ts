export {
  AppError,
  isAppError,
  notFound,
  conflict,
  forbidden,
  unauthorized,
  validationFailed,
  errorStatus,
  type ErrorCode,
} from './errors.js';
export { loadConfig, ConfigError, env, type ValueCheck } from './config.js';
export { createLogger, type Logger } from './logger.js';
export {
  startTracing,
  stopTracing,
  withSpan,
  currentTraceId,
  currentTraceparent,
  withoutTracing,
  contextFromHeaders,
  injectTraceHeaders,
  tracer,
  SpanKind,
  SpanStatusCode,
  createSampler,
  TRACES_SAMPLERS,
  type TracesSamplerName,
} from './tracing.js';
export {
  startMetrics,
  stopMetrics,
  renderMetrics,
  serveMetrics,
  PROMETHEUS_CONTENT_TYPE,
} from './metrics/metrics.js';
export { meter, METER_NAME, recordClientRequest } from './metrics/instruments.js';
export { createServer, type App, type ServerOptions, type ReadinessCheck } from './http/server.js';
export { startDraining, isDraining, onDrain } from './http/draining.js';
export { refuseUnstorableText } from './http/storable-text.js';
export {
  buildProblem,
  sendProblem,
  toAppError,
  PROBLEM_CONTENT_TYPE,
  type ProblemDocument,
} from './http/problem.js';
export {
  createHttpClient,
  type HttpClient,
  type ServiceRequest,
  type ServiceResponse,
} from './http/client.js';
export {
  createTokenVerifier,
  bearerToken,
  ACCEPTED_ALGORITHMS,
  ROLES,
  type Principal,
  type Role,
  type TokenVerifier,
} from './auth/verifier.js';
export { installAuth, principalOf } from './auth/hooks.js';
export {
  createRevocations,
  USER_TOKENS_REVOKED,
  SESSION_REVOKED,
  type Revocations,
  type Revocation,
  type RevocationFeed,
  type RevocableToken,
} from './auth/revocations.js';
export { createDatabase, migrate, type Database, type DatabaseOptions } from './db/database.js';
export {
  listenToChannel,
  type ChannelListener,
  type ChannelListenerOptions,
} from './db/listener.js';
export { platformMigrations, type PlatformTables, type Timestamp } from './db/platform-tables.js';
export {
  runIdempotent,
  claimIdempotencyKey,
  completeIdempotencyKey,
  releaseIdempotencyKey,
  requireIdempotencyKey,
  fingerprint,
  type IdempotentRequest,
  type IdempotentResult,
  type IdempotencyClaim,
} from './db/idempotency.js';
export {
  createRegistryDiscovery,
  createStaticDiscovery,
  parseServiceUrls,
} from './discovery/discovery.js';
export { registerInstance } from './discovery/registration.js';
export type { Discovery, Registration, ServiceInstance } from './discovery/types.js';
export type {
  Broker,
  BrokerOptions,
  BusTopology,
  PublishResult,
  QueueSettings,
  ConsumeOptions,
  DeadLetter,
  Delivery,
  EventBus,
  EventEnvelope,
  EventHandler,
  EventMapBase,
  EventSchemas,
} from './bus/types.js';
export { createBroker } from './bus/broker.js';
export { recordingBroker } from './bus/recording-broker.js';
export {
  DEFAULT_DEAD_LETTER_RETENTION_DAYS,
  DEFAULT_QUEUE_SETTINGS,
} from './bus/queue-settings.js';
export { createEventBus, type EventBusOptions } from './bus/event-bus.js';
export { createOutboxRelay, type OutboxRelay } from './bus/outbox-relay.js';
export { registerOpsRoutes } from './bus/ops.routes.js';
export { registerStandardFormats, stringFormats } from './formats.js';
export {
  buildService,
  type ServiceDeps,
  type ServiceParts,
  type ServiceBaseOptions,
  type TokenSource,
} from './service-base.js';
export {
  runService,
  httpConfig,
  dataConfig,
  createDiscovery,
  createAuthServiceVerifier,
  createAuthServiceRevocations,
  JWKS_PATH,
  REVOCATIONS_PATH,
  REGISTRY_TOKEN_MIN_LENGTH,
  loadServiceConfig,
  type HttpConfig,
  type DataConfig,
  type ServiceDefinition,
} from './service.js';
export {
  startPeriodicJob,
  type PeriodicJob,
  type PeriodicJobOptions,
  type JobScope,
} from './jobs/periodic-job.js';
export { packageRoot } from './package-root.js';
export {
  parseTrustedProxies,
  trustProxySetting,
  trustedProxiesVariable,
} from './trusted-proxies.js';
