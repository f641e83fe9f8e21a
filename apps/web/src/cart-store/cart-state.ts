import type { Product } from '@souk/contracts';

export interface CartLineView {
  productId: string;
  name: string;
  unitPrice: number;
  currency: string;
  quantity: number;
  lineTotal: number;
  stock: number;
  available: boolean;
  imageUrl: string | null;
}

export interface CartView {
  items: CartLineView[];
  total: number;
  currency: string;
}

/**
 * What the app asks of a cart, whoever holds it: the visitor's cart in this browser
 * (guest-cart-store.ts) or the signed-in user's server cart (server-cart-store.ts).
 */
export interface CartState {
  cart: CartView | undefined;
  status: 'loading' | 'ready' | 'error';
  error: unknown;
  /** Units in the cart (the header badge). */
  count: number;
  /** Whether this is the server cart of a signed-in user (else the visitor's cart in this browser). */
  isServerCart: boolean;
  reload(): Promise<void>;
  /** Adds units of a product (capped by its stock); returns the line's new quantity. */
  add(product: Pick<Product, 'id' | 'stock'>, quantity: number): Promise<number>;
  setQuantity(productId: string, quantity: number): Promise<void>;
  remove(productId: string): Promise<void>;
  clear(): Promise<void>;
  quantityOf(productId: string): number;
}
