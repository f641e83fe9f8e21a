import { Type } from '@sinclair/typebox';
import { MAX_PAGE_SIZE, StrictObject, Uuid } from './common.js';

// Stock events, owned by the product service: the product side of the checkout saga.

const StockLine = Type.Object({ productId: Uuid, quantity: Type.Integer({ minimum: 1 }) });

export const stockEvents = {
  /** Every line of the order was reserved, all or nothing. */
  'stock.reserved': Type.Object({ orderId: Uuid, items: Type.Array(StockLine) }),
  /** Nothing was reserved: at least one line could not be served. */
  'stock.rejected': Type.Object({
    orderId: Uuid,
    reason: Type.String(),
    unavailable: Type.Array(
      Type.Object({ productId: Uuid, requested: Type.Integer(), available: Type.Integer() }),
    ),
  }),
  /** A reservation (or a sale of a cancelled order) went back to stock. */
  'stock.released': Type.Object({ orderId: Uuid, items: Type.Array(StockLine) }),
  /** The order was paid: its reservation became a sale. */
  'stock.committed': Type.Object({ orderId: Uuid, items: Type.Array(StockLine) }),
  /** A product's available stock fell to or below the low-stock threshold. */
  'product.stock_low': Type.Object({
    productId: Uuid,
    name: Type.String(),
    stock: Type.Integer({ minimum: 0 }),
    threshold: Type.Integer({ minimum: 0 }),
  }),
};

/** Admin dashboard figure owned by the product service: products running low. */
export const LowStockQuery = StrictObject({
  threshold: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
  limit: Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 20 }),
});
