import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Full-text search folds case and common Latin accents (`crème` and `creme` match each other)
 * with a plain IMMUTABLE function, so the search vector can be a generated column without
 * depending on the `unaccent` extension being installed.
 */
const FOLD_FROM =
  'àÀáÁâÂãÃäÄåÅāĀăĂąĄçÇćĆĉĈċĊčČďĎèÈéÉêÊëËēĒĕĔėĖęĘěĚĝĜğĞġĠģĢĥĤìÌíÍîÎïÏĩĨīĪĭĬįĮıĵĴķĶĺĹļĻľĽŀĿłŁñÑńŃņŅňŇòÒóÓôÔõÕöÖøØōŌŏŎőŐŕŔŗŖřŘśŚŝŜşŞšŠţŢťŤùÙúÚûÛüÜũŨūŪŭŬůŮűŰųŲŵŴýÝÿŸŷŶźŹżŻžŽ';
const FOLD_TO =
  'aaaaaaaaaaaaaaaaaaccccccccccddeeeeeeeeeeeeeeeeeegggggggghhiiiiiiiiiiiiiiiiijjkkllllllllllnnnnnnnnoooooooooooooooooorrrrrrssssssssttttuuuuuuuuuuuuuuuuuuuuwwyyyyyyzzzzzz';

export const migrations: Record<string, Migration> = {
  '0001_catalog': {
    async up(db: Kysely<any>) {
      await sql`
        CREATE FUNCTION catalog_fold(value text) RETURNS text
          LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
          AS $$ SELECT translate(lower(value), ${sql.lit(FOLD_FROM)}, ${sql.lit(FOLD_TO)}) $$;

        CREATE TABLE categories (
          id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
          name text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
          description text NOT NULL DEFAULT '',
          created_at timestamptz NOT NULL DEFAULT now(),
          updated_at timestamptz NOT NULL DEFAULT now()
        );
        CREATE UNIQUE INDEX categories_name_key ON categories (lower(name));

        CREATE TABLE products (
          id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
          name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
          description text NOT NULL,
          price bigint NOT NULL CHECK (price >= 0),
          currency text NOT NULL DEFAULT 'MAD' CHECK (currency ~ '^[A-Z]{3}$'),
          stock integer NOT NULL CHECK (stock >= 0),
          category_id uuid REFERENCES categories (id) ON DELETE RESTRICT,
          image_file text,
          created_at timestamptz NOT NULL DEFAULT now(),
          updated_at timestamptz NOT NULL DEFAULT now(),
          deleted_at timestamptz,
          search tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('simple', catalog_fold(name)), 'A') ||
            setweight(to_tsvector('simple', catalog_fold(description)), 'B')
          ) STORED,
          CONSTRAINT products_live_have_a_category CHECK (deleted_at IS NOT NULL OR category_id IS NOT NULL)
        );
        CREATE INDEX products_search_idx ON products USING gin (search) WHERE deleted_at IS NULL;
        CREATE INDEX products_category_idx ON products (category_id) WHERE deleted_at IS NULL;
        CREATE INDEX products_newest_idx ON products (created_at DESC, id DESC) WHERE deleted_at IS NULL;
        CREATE INDEX products_price_idx ON products (price, id) WHERE deleted_at IS NULL;
      `.execute(db);
    },
  },
  '0002_reservations': {
    async up(db: Kysely<any>) {
      await sql`
        CREATE TABLE reservations (
          order_id uuid PRIMARY KEY,
          status text NOT NULL CHECK (status IN ('RESERVED', 'COMMITTED', 'RELEASED', 'REJECTED')),
          items jsonb NOT NULL,
          reason text,
          created_at timestamptz NOT NULL DEFAULT now(),
          updated_at timestamptz NOT NULL DEFAULT now()
        );
        CREATE INDEX products_low_stock_idx ON products (stock, id) WHERE deleted_at IS NULL;
      `.execute(db);
    },
  },
};
