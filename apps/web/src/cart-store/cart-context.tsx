import { createContext, useContext, type ReactNode } from 'react';
import { useSessionState } from '../api/services.js';
import type { CartState } from './cart-state.js';
import { useGuestCart } from './guest-cart-store.js';
import { useServerCart } from './server-cart-store.js';

export type { CartLineView, CartState, CartView } from './cart-state.js';

const CartContext = createContext<CartState | null>(null);

/**
 * One cart for the whole app, behind one interface (cart-state.ts): the visitor's cart in this
 * browser, or once signed in the server cart, into which the visitor's lines are merged.
 */
export function CartProvider({ children }: { children: ReactNode }) {
  const session = useSessionState();
  const userId = session.status === 'signed-in' ? session.user?.id : undefined;
  const guest = useGuestCart(session.status === 'anonymous');
  const server = useServerCart(userId);
  const cart = userId ? server : guest;
  return <CartContext.Provider value={cart}>{children}</CartContext.Provider>;
}

export function useCart(): CartState {
  const cart = useContext(CartContext);
  if (!cart) throw new Error('CartProvider is missing');
  return cart;
}
