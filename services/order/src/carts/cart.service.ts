import { DEFAULT_CURRENCY, MAX_ORDER_LINES, type Cart, type CartItem } from '@souk/contracts';
import { conflict, notFound } from '@souk/platform';
import type { CatalogProduct } from '../catalog/product-catalog.js';
import type { OrderContext } from '../context.js';
import { assertUnitsPerLine } from '../orders/order-limits.js';
import {
  type CartItemRow,
  countOtherLines,
  deleteCart,
  lockCart,
  removeFromCart,
  selectCartItems,
  upsertCartItem,
} from './cart.repository.js';

/**
 * The signed-in client's cart with the catalog's current names, prices and stock (one call to the
 * product service). Lines whose product left the catalog are dropped from the reply and the cart.
 */
export async function getCart(ctx: OrderContext, userId: string): Promise<Cart> {
  const rows = await selectCartItems(ctx.db, userId);
  if (rows.length === 0) return { items: [], total: 0, currency: DEFAULT_CURRENCY };
  const products = await ctx.catalog.findProducts(rows.map((row) => row.product_id));
  await removeGoneLines(ctx, userId, rows, products);
  return toCart(rows, products);
}

/** The cart lines with the catalog's figures; lines whose product is not in `products` are left out. */
function toCart(rows: CartItemRow[], products: Map<string, CatalogProduct>): Cart {
  const items: CartItem[] = rows.flatMap((row) => {
    const product = products.get(row.product_id);
    if (!product) return [];
    return [
      {
        productId: product.id,
        name: product.name,
        unitPrice: product.price,
        currency: product.currency,
        quantity: row.quantity,
        lineTotal: product.price * row.quantity,
        stock: product.stock,
        available: product.stock >= row.quantity,
      },
    ];
  });
  const currency = items[0]?.currency ?? DEFAULT_CURRENCY;
  const total = items
    .filter((item) => item.currency === currency)
    .reduce((sum, item) => sum + item.lineTotal, 0);
  return { items, total, currency };
}

/** Lines whose product left the catalog (looked up in `products`) leave the cart. */
async function removeGoneLines(
  ctx: OrderContext,
  userId: string,
  rows: CartItemRow[],
  products: Map<string, CatalogProduct>,
): Promise<void> {
  const gone = rows.filter((row) => !products.has(row.product_id)).map((row) => row.product_id);
  if (gone.length > 0) await removeFromCart(ctx.db, userId, gone);
}

/**
 * Sets the quantity of one product (adding the line when new). The product must exist; a cart
 * holds at most 50 lines, all in one currency (an order cannot mix currencies either), and a line
 * no more units than an order line may have.
 */
export async function setCartItem(
  ctx: OrderContext,
  userId: string,
  productId: string,
  quantity: number,
): Promise<Cart> {
  assertUnitsPerLine([{ path: 'body.quantity', quantity }], ctx.limits);
  const id = productId.toLowerCase();
  const lines = await selectCartItems(ctx.db, userId);
  const products = await ctx.catalog.findProducts([id, ...lines.map((line) => line.product_id)]);
  const product = products.get(id);
  if (!product) throw notFound('Product');
  const otherCurrency = lines
    .map((line) => products.get(line.product_id)?.currency)
    .find((currency) => currency && currency !== product.currency);
  if (otherCurrency)
    throw conflict(
      `Your cart holds products priced in ${otherCurrency}; this one is priced in ${product.currency}`,
    );

  const rows = await ctx.db.transaction().execute(async (trx) => {
    await lockCart(trx, userId);
    if ((await countOtherLines(trx, userId, id)) >= MAX_ORDER_LINES) {
      throw conflict(`A cart holds at most ${MAX_ORDER_LINES} different products`);
    }
    await upsertCartItem(trx, userId, id, quantity);
    return selectCartItems(trx, userId);
  });
  // The reply reuses the products looked up above, unless another request added a line meanwhile.
  const lookedUp = new Set([id, ...lines.map((line) => line.product_id)]);
  if (!rows.every((row) => lookedUp.has(row.product_id))) return getCart(ctx, userId);
  await removeGoneLines(ctx, userId, rows, products);
  return toCart(rows, products);
}

export async function removeCartItem(
  ctx: OrderContext,
  userId: string,
  productId: string,
): Promise<Cart> {
  await removeFromCart(ctx.db, userId, [productId.toLowerCase()]);
  return getCart(ctx, userId);
}

export async function clearCart(ctx: OrderContext, userId: string): Promise<void> {
  await deleteCart(ctx.db, userId);
}
