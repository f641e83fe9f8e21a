import { Kysely, Migrator, PostgresDialect, sql, type Migration } from 'kysely';
import pg from 'pg';
import type { Logger } from '../logger.js';
import { observePool } from '../metrics/observers.js';
import { SpanKind, trace, tracer } from '../tracing.js';
import { platformMigrations } from './platform-tables.js';

// Money is kept as integer minor units in BIGINT columns, and counts come back as BIGINT: read
// both as numbers (they stay far below 2^53) instead of the driver's default strings.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export interface DatabaseOptions {
  url: string;
  /** Connections in this process's pool. */
  poolMax?: number;
  logger: Logger;
  /**
   * Record a span for SQL statements made inside a trace (only worth it when traces are exported).
   * A statement outside any (a background poll) makes none: idle loops would fill the traces.
   */
  traceQueries?: boolean;
  applicationName?: string;
}

export interface Database<DB> {
  db: Kysely<DB>;
  pool: pg.Pool;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export function createDatabase<DB>(options: DatabaseOptions): Database<DB> {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolMax ?? 10,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 5_000,
    application_name: options.applicationName,
  });
  pool.on('error', (error) =>
    options.logger.warn({ err: error }, 'idle database connection failed'),
  );
  const db = new Kysely<DB>({
    dialect: new PostgresDialect({ pool }),
    log: options.traceQueries
      ? (event) => {
          if (!trace.getActiveSpan()?.isRecording()) return;
          const span = tracer().startSpan('db.query', {
            kind: SpanKind.CLIENT,
            startTime: Date.now() - event.queryDurationMillis,
            attributes: {
              'db.system.name': 'postgresql',
              'db.query.text': event.query.sql.slice(0, 500),
            },
          });
          if (event.level === 'error') span.recordException(event.error as Error);
          span.end();
        }
      : undefined,
  });
  const stopObserving = observePool(
    pool,
    options.applicationName ?? 'default',
    options.poolMax ?? 10,
  );
  return {
    db,
    pool,
    async ping() {
      await sql`select 1`.execute(db);
    },
    async close() {
      stopObserving();
      await db.destroy();
    },
  };
}

/**
 * Brings the service's schema up to date at start. The platform's own tables (outbox, inbox,
 * dead letters, idempotency keys) come first; Kysely's lock makes concurrent starts safe.
 */
export async function migrate(
  db: Kysely<any>,
  migrations: Record<string, Migration>,
  logger: Logger,
): Promise<void> {
  const migrator = new Migrator({
    db,
    allowUnorderedMigrations: true,
    provider: { getMigrations: async () => ({ ...platformMigrations, ...migrations }) },
  });
  const { error, results } = await migrator.migrateToLatest();
  for (const result of results ?? []) {
    if (result.status === 'Success')
      logger.info({ migration: result.migrationName }, 'migration applied');
    if (result.status === 'Error')
      logger.error({ migration: result.migrationName }, 'migration failed');
  }
  if (error) throw error instanceof Error ? error : new Error('Migration failed', { cause: error });
}
