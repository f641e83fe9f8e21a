import { sql, type Kysely, type Migration } from 'kysely';

export const migrations: Record<string, Migration> = {
  '0001_notifications': {
    async up(db: Kysely<any>) {
      await sql`
        CREATE TABLE notifications (
          id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
          recipient_id uuid,
          audience text NOT NULL CHECK (audience IN ('USER', 'ADMIN')),
          kind text NOT NULL,
          params jsonb NOT NULL,
          title jsonb NOT NULL,
          body jsonb NOT NULL,
          link text,
          read_at timestamptz,
          created_at timestamptz NOT NULL DEFAULT now(),
          source_event_id uuid NOT NULL,
          CONSTRAINT notifications_recipient_matches_audience CHECK ((audience = 'USER') = (recipient_id IS NOT NULL))
        );
        -- An event makes each message once, also after the inbox has forgotten it (pruned after
        -- 14 days). The COALESCE makes the null recipient of ADMIN messages compare equal on any
        -- PostgreSQL version (NULLS NOT DISTINCT needs 15).
        CREATE UNIQUE INDEX notifications_once_per_event
          ON notifications (source_event_id, audience, COALESCE(recipient_id, '00000000-0000-0000-0000-000000000000'::uuid));
        CREATE INDEX notifications_user_newest_idx ON notifications (recipient_id, created_at DESC, id DESC) WHERE audience = 'USER';
        CREATE INDEX notifications_user_unread_idx ON notifications (recipient_id) WHERE audience = 'USER' AND read_at IS NULL;
        CREATE INDEX notifications_admin_newest_idx ON notifications (created_at DESC, id DESC) WHERE audience = 'ADMIN';
      `.execute(db);
    },
  },
  '0002_mail_recipients': {
    async up(db: Kysely<any>) {
      // Who gets the mail of a user's messages, kept from the account events (the notification
      // service reads no other service's database).
      await sql`
        CREATE TABLE mail_recipients (
          user_id uuid PRIMARY KEY,
          email text NOT NULL,
          first_name text,
          locale text NOT NULL DEFAULT 'fr' CHECK (locale IN ('fr', 'en')),
          updated_at timestamptz NOT NULL DEFAULT now()
        );
      `.execute(db);
    },
  },
};
