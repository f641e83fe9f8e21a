import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Admin search folds case and common Latin accents (`Hélène` and `helene` match each other) with
 * a plain IMMUTABLE function, so the search text can be a generated column without depending on
 * the `unaccent` extension (the same approach as the product service).
 */
const FOLD_FROM =
  'àÀáÁâÂãÃäÄåÅāĀăĂąĄçÇćĆĉĈċĊčČďĎèÈéÉêÊëËēĒĕĔėĖęĘěĚĝĜğĞġĠģĢĥĤìÌíÍîÎïÏĩĨīĪĭĬįĮıĵĴķĶĺĹļĻľĽŀĿłŁñÑńŃņŅňŇòÒóÓôÔõÕöÖøØōŌŏŎőŐŕŔŗŖřŘśŚŝŜşŞšŠţŢťŤùÙúÚûÛüÜũŨūŪŭŬůŮűŰųŲŵŴýÝÿŸŷŶźŹżŻžŽ';
const FOLD_TO =
  'aaaaaaaaaaaaaaaaaaccccccccccddeeeeeeeeeeeeeeeeeegggggggghhiiiiiiiiiiiiiiiiijjkkllllllllllnnnnnnnnoooooooooooooooooorrrrrrssssssssttttuuuuuuuuuuuuuuuuuuuuwwyyyyyyzzzzzz';

export const migrations: Record<string, Migration> = {
  '0001_clients': {
    async up(db: Kysely<any>) {
      await sql`
        CREATE FUNCTION client_fold(value text) RETURNS text
          LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
          AS $$ SELECT translate(lower(value), ${sql.lit(FOLD_FROM)}, ${sql.lit(FOLD_TO)}) $$;

        CREATE TABLE clients (
          id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
          user_id uuid NOT NULL,
          email text NOT NULL DEFAULT '',
          first_name text NOT NULL DEFAULT '',
          last_name text NOT NULL DEFAULT '',
          phone text,
          registered_at timestamptz,
          disabled boolean NOT NULL DEFAULT false,
          access_changed_at timestamptz,
          deleted_at timestamptz,
          created_at timestamptz NOT NULL DEFAULT now(),
          updated_at timestamptz NOT NULL DEFAULT now(),
          search_text text GENERATED ALWAYS AS (client_fold(first_name || ' ' || last_name || ' ' || email)) STORED,
          CONSTRAINT clients_user_id_key UNIQUE (user_id)
        );
        -- The admin list: newest first, ties broken by id so paging never repeats or skips a row.
        CREATE INDEX clients_listing_idx ON clients (created_at DESC, id DESC) WHERE registered_at IS NOT NULL;

        CREATE TABLE addresses (
          id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
          client_id uuid NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
          label text,
          full_name text NOT NULL,
          line1 text NOT NULL,
          line2 text,
          city text NOT NULL,
          postal_code text NOT NULL,
          country text NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
          phone text,
          is_default boolean NOT NULL DEFAULT false,
          created_at timestamptz NOT NULL DEFAULT now(),
          updated_at timestamptz NOT NULL DEFAULT now()
        );
        CREATE INDEX addresses_client_idx ON addresses (client_id, created_at);
        CREATE UNIQUE INDEX addresses_one_default_key ON addresses (client_id) WHERE is_default;
      `.execute(db);
    },
  },
};
