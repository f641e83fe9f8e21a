import type { Cart } from '@souk/contracts';
import { isApiError } from '../api/api-error.js';
import type { SoukApi } from '../api/souk-api.js';
import { MAX_LINE_QUANTITY, type GuestLine } from './guest-cart.js';

export interface MergePlan {
  /** PUT /api/cart/items/:productId with these quantities. */
  puts: GuestLine[];
  /** Lines that cannot be added: sold out, or no longer in the catalog. */
  skipped: string[];
}

/**
 * What to send so the server cart holds both carts: for each of the visitor's lines, the server
 * quantity plus the visitor's, capped by the stock (and the line limit). A line already at the
 * cap is left alone.
 */
export function planCartMerge(
  server: Pick<Cart, 'items'>,
  guest: GuestLine[],
  stockByProduct: ReadonlyMap<string, number>,
): MergePlan {
  const puts: GuestLine[] = [];
  const skipped: string[] = [];
  for (const line of guest) {
    const onServer = server.items.find((item) => item.productId === line.productId);
    const stock = stockByProduct.get(line.productId) ?? onServer?.stock;
    if (stock === undefined || stock <= 0) {
      skipped.push(line.productId);
      continue;
    }
    const current = onServer?.quantity ?? 0;
    const wanted = Math.min(current + line.quantity, stock, MAX_LINE_QUANTITY);
    if (wanted > current) puts.push({ productId: line.productId, quantity: wanted });
  }
  return { puts, skipped };
}

export interface MergeResult {
  cart: Cart;
  added: number;
  skipped: number;
}

/** Merges a visitor's cart into the signed-in user's server cart, line by line. */
export async function mergeGuestCart(api: SoukApi, guest: GuestLine[]): Promise<MergeResult> {
  let cart = await api.cart.get();
  if (guest.length === 0) return { cart, added: 0, skipped: 0 };
  const products = await api.catalog.productsByIds(guest.map((line) => line.productId));
  const stock = new Map(products.map((product) => [product.id, product.stock]));
  const plan = planCartMerge(cart, guest, stock);
  let added = 0;
  let skipped = plan.skipped.length;
  for (const put of plan.puts) {
    try {
      cart = await api.cart.setItem(put.productId, put.quantity);
      added++;
    } catch (error) {
      // Over the shop's units-per-line limit: keep as many as it allows. Otherwise withdrawn
      // meanwhile, or the cart is full: the rest still merges.
      const max = isApiError(error) ? error.problem.maxUnitsPerLine : undefined;
      const current = cart.items.find((item) => item.productId === put.productId)?.quantity ?? 0;
      const capped =
        typeof max === 'number' && max > current
          ? await api.cart.setItem(put.productId, max).catch(() => undefined)
          : undefined;
      if (capped) {
        cart = capped;
        added++;
      } else skipped++;
    }
  }
  return { cart, added, skipped };
}
