import type { PlatformTables } from '@souk/platform';
import type { ColumnType, Generated } from 'kysely';

type CreatedAt = ColumnType<Date, Date | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | undefined, Date>;

export interface CategoriesTable {
  id: Generated<string>;
  name: string;
  description: Generated<string>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface ProductsTable {
  id: Generated<string>;
  name: string;
  description: string;
  /** Integer minor units (BIGINT, read as a number). */
  price: number;
  currency: Generated<string>;
  /** Units available for sale; CHECK (stock >= 0). Reservations will take units out of it. */
  stock: number;
  /** Null only on deleted products whose category was removed afterwards. */
  category_id: string | null;
  /** File name under UPLOAD_DIR (uploads) or the demo assets (`demo-*.svg`). */
  image_file: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  /** Soft delete: set when the product leaves the catalog. */
  deleted_at: Date | null;
  /** Generated full-text vector of name (weight A) and description (weight B). */
  search: ColumnType<string, never, never>;
}

export type ReservationStatus = 'RESERVED' | 'COMMITTED' | 'RELEASED' | 'REJECTED';

/** The product side of one order in the checkout saga (one row per order, ever). */
export interface ReservationsTable {
  order_id: string;
  status: ReservationStatus;
  /** What was taken out of stock: [{productId, quantity}] (empty when rejected or cancelled first). */
  items: ColumnType<Array<{ productId: string; quantity: number }>, string, string>;
  reason: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface ProductDatabase extends PlatformTables {
  categories: CategoriesTable;
  products: ProductsTable;
  reservations: ReservationsTable;
}
