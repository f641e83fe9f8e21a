import { sql, type ColumnType, type Generated, type Kysely, type Migration } from 'kysely';

/** Tables every service has, used by the outbox, inbox, dead-letter and idempotency code. */
export interface PlatformTables {
  outbox: {
    id: string;
    type: string;
    envelope: unknown;
    created_at: Generated<Date>;
    attempts: Generated<number>;
    last_error: string | null;
    /** When the relay may offer the row (again); later than now after the broker could not route it. */
    available_at: Generated<Date>;
  };
  inbox: {
    consumer: string;
    event_id: string;
    event_type: string;
    processed_at: Generated<Date>;
  };
  dead_letters: {
    id: Generated<string>;
    consumer: string;
    event_id: string;
    event_type: string;
    envelope: unknown;
    error: string;
    attempts: number;
    status: Generated<'open' | 'replayed' | 'discarded'>;
    failed_at: Generated<Date>;
    resolved_at: Date | null;
  };
  idempotency_keys: {
    scope: string;
    owner_id: string;
    key: string;
    request_hash: string;
    response_status: number;
    response_body: unknown;
    created_at: Generated<Date>;
  };
  periodic_jobs: {
    name: string;
    last_run_at: Date;
  };
}

export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export const platformMigrations: Record<string, Migration> = {
  '0000_platform_messaging': {
    async up(db: Kysely<any>) {
      await sql`
        CREATE TABLE outbox (
          id uuid PRIMARY KEY,
          type text NOT NULL,
          envelope jsonb NOT NULL,
          created_at timestamptz NOT NULL DEFAULT now(),
          attempts integer NOT NULL DEFAULT 0,
          last_error text
        );
        CREATE INDEX outbox_created_at_idx ON outbox (created_at);
        -- Wakes the relay as soon as a transaction that wrote events commits (NOTIFY is delivered on commit).
        CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN PERFORM pg_notify('outbox', ''); RETURN NULL; END $$;
        CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify();

        CREATE TABLE inbox (
          consumer text NOT NULL,
          event_id uuid NOT NULL,
          event_type text NOT NULL,
          processed_at timestamptz NOT NULL DEFAULT now(),
          PRIMARY KEY (consumer, event_id)
        );
        CREATE INDEX inbox_processed_at_idx ON inbox (processed_at);

        CREATE TABLE dead_letters (
          id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
          consumer text NOT NULL,
          event_id uuid NOT NULL,
          event_type text NOT NULL,
          envelope jsonb NOT NULL,
          error text NOT NULL,
          attempts integer NOT NULL,
          status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'replayed', 'discarded')),
          failed_at timestamptz NOT NULL DEFAULT now(),
          resolved_at timestamptz,
          UNIQUE (consumer, event_id)
        );

        CREATE TABLE idempotency_keys (
          scope text NOT NULL,
          owner_id text NOT NULL,
          key text NOT NULL,
          request_hash text NOT NULL,
          response_status integer NOT NULL,
          response_body jsonb NOT NULL,
          created_at timestamptz NOT NULL DEFAULT now(),
          PRIMARY KEY (scope, owner_id, key)
        );
      `.execute(db);
    },
  },
  // A row the broker could not route waits before the relay offers it again.
  '0000_platform_outbox_retry': {
    async up(db: Kysely<any>) {
      await sql`ALTER TABLE outbox ADD COLUMN available_at timestamptz NOT NULL DEFAULT now()`.execute(
        db,
      );
    },
  },
  // Each periodic job's last start, shared by the replicas (jobs/periodic-job.ts).
  '0000_platform_periodic_jobs': {
    async up(db: Kysely<any>) {
      await sql`CREATE TABLE periodic_jobs (name text PRIMARY KEY, last_run_at timestamptz NOT NULL)`.execute(
        db,
      );
    },
  },
};
