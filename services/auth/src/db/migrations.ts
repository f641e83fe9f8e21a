import { sql, type Kysely, type Migration } from 'kysely';

export const authMigrations: Record<string, Migration> = {
  '0001_auth_accounts': {
    async up(db: Kysely<any>) {
      await sql`
        CREATE TABLE users (
          id uuid PRIMARY KEY,
          email text NOT NULL CHECK (email = lower(btrim(email))),
          password_hash text NOT NULL,
          first_name text NOT NULL,
          last_name text NOT NULL,
          phone text,
          roles text[] NOT NULL CHECK (cardinality(roles) > 0 AND roles <@ ARRAY['CLIENT', 'ADMIN']::text[]),
          disabled_at timestamptz,
          created_at timestamptz NOT NULL DEFAULT now(),
          updated_at timestamptz NOT NULL DEFAULT now()
        );
        CREATE UNIQUE INDEX users_email_key ON users (lower(email));
        CREATE INDEX users_created_at_idx ON users (created_at DESC, id DESC);

        CREATE TABLE refresh_token_families (
          id uuid PRIMARY KEY,
          user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
          created_at timestamptz NOT NULL DEFAULT now(),
          revoked_at timestamptz,
          revoked_reason text
        );
        CREATE INDEX refresh_token_families_user_idx ON refresh_token_families (user_id) WHERE revoked_at IS NULL;

        CREATE TABLE refresh_tokens (
          token_hash text PRIMARY KEY,
          family_id uuid NOT NULL REFERENCES refresh_token_families (id) ON DELETE CASCADE,
          expires_at timestamptz NOT NULL,
          created_at timestamptz NOT NULL DEFAULT now(),
          used_at timestamptz
        );
        CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);
        CREATE INDEX refresh_tokens_expires_at_idx ON refresh_tokens (expires_at);

        CREATE TABLE login_throttle (
          key text PRIMARY KEY,
          count integer NOT NULL,
          window_started_at timestamptz NOT NULL
        );
        CREATE INDEX login_throttle_window_idx ON login_throttle (window_started_at);
      `.execute(db);
    },
  },
  '0002_token_revocation': {
    async up(db: Kysely<any>) {
      // token_version: access tokens carry it as `ver`; raising it revokes every older token.
      // The partial indexes serve the revocation feed, which reads only recent revocations.
      await sql`
        ALTER TABLE users
          ADD COLUMN token_version integer NOT NULL DEFAULT 0 CHECK (token_version >= 0),
          ADD COLUMN tokens_revoked_at timestamptz;
        CREATE INDEX users_tokens_revoked_at_idx ON users (tokens_revoked_at) WHERE tokens_revoked_at IS NOT NULL;
        CREATE INDEX refresh_token_families_revoked_at_idx ON refresh_token_families (revoked_at) WHERE revoked_at IS NOT NULL;
      `.execute(db);
    },
  },
  '0003_password_resets': {
    async up(db: Kysely<any>) {
      // A reset link's token is stored hashed (SHA-256, hex), like refresh tokens: the database
      // alone cannot be used to reset anyone's password.
      await sql`
        CREATE TABLE password_resets (
          token_hash text PRIMARY KEY,
          user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
          expires_at timestamptz NOT NULL,
          created_at timestamptz NOT NULL DEFAULT now(),
          used_at timestamptz
        );
        CREATE INDEX password_resets_user_idx ON password_resets (user_id);
        CREATE INDEX password_resets_expires_at_idx ON password_resets (expires_at);
      `.execute(db);
    },
  },
};
