import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Cart, Product } from '@souk/contracts';
import { cartKeys, productKeys } from '../api/query-keys.js';
import { useApi } from '../api/services.js';
import { useI18n } from '../i18n/i18n.js';
import { useToast } from '../ui/toast.js';
import type { CartState, CartView } from './cart-state.js';
import { mergeGuestCart } from './cart-merge.js';
import { MAX_LINE_QUANTITY, readGuestCart, writeGuestCart } from './guest-cart.js';

function serverView(cart: Cart, products: readonly Product[]): CartView {
  const images = new Map(products.map((product) => [product.id, product.imageUrl]));
  return {
    ...cart,
    items: cart.items.map((item) => ({ ...item, imageUrl: images.get(item.productId) ?? null })),
  };
}

/**
 * A signed-in user's cart, kept by the order service (prices and stock from the catalog). When
 * someone signs in (login, register, or a restored session) with lines in the visitor's cart,
 * those are merged into it first (cart-merge.ts), and the visitor's cart is emptied.
 */
export function useServerCart(userId: string | undefined): CartState {
  const api = useApi();
  const queryClient = useQueryClient();
  const { t } = useI18n();
  const toast = useToast();
  const key = useMemo(() => [...cartKeys.all, userId ?? ''] as const, [userId]);
  /** The user whose visitor lines were merged (or who had none): the cart can be read. */
  const [mergedFor, setMergedFor] = useState<string>();

  useEffect(() => {
    if (!userId) {
      setMergedFor(undefined);
      return;
    }
    const guest = readGuestCart();
    if (guest.length === 0) {
      setMergedFor(userId);
      return;
    }
    let cancelled = false;
    void mergeGuestCart(api, guest)
      .then((result) => {
        if (cancelled) return;
        writeGuestCart([]);
        queryClient.setQueryData(key, result.cart);
        // The merged lines show in the cart (and its badge); the lines left out show nowhere.
        if (result.skipped > 0) toast({ tone: 'warning', title: t('cart.mergeSkipped') });
      })
      .catch(() => undefined)
      .finally(() => {
        if (!cancelled) setMergedFor(userId);
      });
    return () => {
      cancelled = true;
    };
    // Runs once per signed-in user, not when the locale (t) changes: a new merge then would
    // reload the cart for nothing.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- deliberately keyed on the user only
  }, [userId]);

  const cart = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => api.cart.get(signal),
    enabled: userId !== undefined && mergedFor === userId,
  });
  const ids = useMemo(
    () => (cart.data?.items ?? []).map((item) => item.productId).sort(),
    [cart.data],
  );
  // Only the images come from here: a missing one is no error.
  const products = useQuery({
    queryKey: productKeys.byIds(ids),
    queryFn: ({ signal }) => api.catalog.productsByIds(ids, signal),
    enabled: ids.length > 0,
  });

  const quantityOf = useCallback(
    (productId: string) =>
      cart.data?.items.find((item) => item.productId === productId)?.quantity ?? 0,
    [cart.data],
  );
  const set = useCallback((next: Cart) => queryClient.setQueryData(key, next), [queryClient, key]);
  const add = useCallback(
    async (product: Pick<Product, 'id' | 'stock'>, quantity: number) => {
      const wanted = Math.min(quantityOf(product.id) + quantity, product.stock, MAX_LINE_QUANTITY);
      set(await api.cart.setItem(product.id, wanted));
      return wanted;
    },
    [api, quantityOf, set],
  );
  const setQuantity = useCallback(
    async (productId: string, quantity: number) => {
      set(await api.cart.setItem(productId, quantity));
    },
    [api, set],
  );
  const remove = useCallback(
    async (productId: string) => {
      set(await api.cart.removeItem(productId));
    },
    [api, set],
  );
  const clear = useCallback(async () => {
    await api.cart.clear();
    queryClient.setQueryData(key, (current: Cart | undefined) =>
      current ? { ...current, items: [], total: 0 } : current,
    );
  }, [api, queryClient, key]);
  const reload = useCallback(
    () => queryClient.invalidateQueries({ queryKey: cartKeys.all }),
    [queryClient],
  );

  return useMemo<CartState>(
    () => ({
      cart: cart.data ? serverView(cart.data, products.data ?? []) : undefined,
      status: cart.isError ? 'error' : cart.isPending ? 'loading' : 'ready',
      error: cart.error ?? undefined,
      count: cart.data?.items.reduce((sum, item) => sum + item.quantity, 0) ?? 0,
      isServerCart: true,
      reload,
      add,
      setQuantity,
      remove,
      clear,
      quantityOf,
    }),
    [
      cart.data,
      cart.isError,
      cart.isPending,
      cart.error,
      products.data,
      reload,
      add,
      setQuantity,
      remove,
      clear,
      quantityOf,
    ],
  );
}
