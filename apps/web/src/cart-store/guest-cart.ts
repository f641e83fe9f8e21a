/** The most of one product a cart line may hold (the cart API's limit). */
export const MAX_LINE_QUANTITY = 99;
export const GUEST_CART_KEY = 'souk.guestCart';

export interface GuestLine {
  productId: string;
  quantity: number;
}

/** A visitor's cart: product ids and quantities only; names, prices and stock are read fresh. */
export function readGuestCart(storage: Pick<Storage, 'getItem'> = localStorage): GuestLine[] {
  try {
    const parsed: unknown = JSON.parse(storage.getItem(GUEST_CART_KEY) ?? '[]');
    if (!Array.isArray(parsed)) return [];
    return parsed.filter(
      (line): line is GuestLine =>
        typeof line === 'object' &&
        line !== null &&
        typeof line.productId === 'string' &&
        Number.isInteger(line.quantity) &&
        line.quantity > 0,
    );
  } catch {
    return [];
  }
}

export function writeGuestCart(
  lines: GuestLine[],
  storage: Pick<Storage, 'setItem' | 'removeItem'> = localStorage,
): void {
  if (lines.length === 0) storage.removeItem(GUEST_CART_KEY);
  else storage.setItem(GUEST_CART_KEY, JSON.stringify(lines));
}

/** Adds `quantity` to a product's line, never above `stock` nor the line limit. */
export function addGuestLine(
  lines: GuestLine[],
  productId: string,
  quantity: number,
  stock: number,
): GuestLine[] {
  const limit = Math.min(stock, MAX_LINE_QUANTITY);
  const existing = lines.find((line) => line.productId === productId);
  const next = Math.min(limit, (existing?.quantity ?? 0) + quantity);
  if (next <= 0) return lines.filter((line) => line.productId !== productId);
  if (existing)
    return lines.map((line) => (line.productId === productId ? { ...line, quantity: next } : line));
  return [...lines, { productId, quantity: next }];
}

export function setGuestLine(lines: GuestLine[], productId: string, quantity: number): GuestLine[] {
  if (quantity <= 0) return lines.filter((line) => line.productId !== productId);
  const bounded = Math.min(quantity, MAX_LINE_QUANTITY);
  return lines.some((line) => line.productId === productId)
    ? lines.map((line) => (line.productId === productId ? { ...line, quantity: bounded } : line))
    : [...lines, { productId, quantity: bounded }];
}
