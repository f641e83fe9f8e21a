import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Product } from '@souk/contracts';
import { productKeys } from '../api/query-keys.js';
import { useApi } from '../api/services.js';
import type { CartLineView, CartState, CartView } from './cart-state.js';
import {
  addGuestLine,
  GUEST_CART_KEY,
  MAX_LINE_QUANTITY,
  readGuestCart,
  setGuestLine,
  writeGuestCart,
  type GuestLine,
} from './guest-cart.js';

function guestView(lines: GuestLine[], products: readonly Product[]): CartView {
  const byId = new Map(products.map((product) => [product.id, product]));
  const items = lines.flatMap((line): CartLineView[] => {
    const product = byId.get(line.productId);
    if (!product) return [];
    return [
      {
        productId: product.id,
        name: product.name,
        unitPrice: product.price,
        currency: product.currency,
        quantity: line.quantity,
        lineTotal: product.price * line.quantity,
        stock: product.stock,
        available: product.stock >= line.quantity,
        imageUrl: product.imageUrl,
      },
    ];
  });
  return {
    items,
    total: items.reduce((sum, item) => sum + item.lineTotal, 0),
    currency: items[0]?.currency ?? 'MAD',
  };
}

/**
 * A visitor's cart: ids and quantities in localStorage (`souk.guestCart`, shared by the tabs),
 * names, prices, images and stock read fresh from the catalog. `active`: false while someone is
 * signed in (their server cart is used) or the session is being restored.
 */
export function useGuestCart(active: boolean): CartState {
  const api = useApi();
  const queryClient = useQueryClient();
  const [lines, setLines] = useState<GuestLine[]>(() => readGuestCart());
  const ids = useMemo(() => lines.map((line) => line.productId).sort(), [lines]);
  // A new line keeps the known products on screen while its own product loads.
  const products = useQuery({
    queryKey: productKeys.byIds(ids),
    queryFn: ({ signal }) => api.catalog.productsByIds(ids, signal),
    enabled: active && ids.length > 0,
    placeholderData: keepPreviousData,
  });

  const update = useCallback((change: (lines: GuestLine[]) => GuestLine[]) => {
    setLines((current) => {
      const next = change(current);
      writeGuestCart(next);
      return next;
    });
  }, []);

  // Read the storage again when this cart comes into use (e.g. after a sign-out emptied it) and
  // when another tab changes it.
  useEffect(() => {
    if (!active) return;
    setLines(readGuestCart());
    const onStorage = (event: StorageEvent) => {
      if (event.key === GUEST_CART_KEY) setLines(readGuestCart());
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, [active]);

  // Products withdrawn from the catalog leave the visitor's cart (once the catalog answered for
  // exactly these lines).
  const answered = products.isSuccess && !products.isPlaceholderData ? products.data : undefined;
  useEffect(() => {
    if (!answered) return;
    const known = new Set(answered.map((product) => product.id));
    if (lines.some((line) => !known.has(line.productId)))
      update((current) => current.filter((line) => known.has(line.productId)));
  }, [answered, lines, update]);

  const quantityOf = useCallback(
    (productId: string) => lines.find((line) => line.productId === productId)?.quantity ?? 0,
    [lines],
  );
  const add = useCallback(
    async (product: Pick<Product, 'id' | 'stock'>, quantity: number) => {
      const wanted = Math.min(quantityOf(product.id) + quantity, product.stock, MAX_LINE_QUANTITY);
      update((current) => addGuestLine(current, product.id, quantity, product.stock));
      return wanted;
    },
    [quantityOf, update],
  );
  const setQuantity = useCallback(
    async (productId: string, quantity: number) =>
      update((current) => setGuestLine(current, productId, quantity)),
    [update],
  );
  const remove = useCallback(
    async (productId: string) =>
      update((current) => current.filter((line) => line.productId !== productId)),
    [update],
  );
  const clear = useCallback(async () => update(() => []), [update]);
  const reload = useCallback(async () => {
    setLines(readGuestCart());
    await queryClient.invalidateQueries({ queryKey: productKeys.all });
  }, [queryClient]);

  const loading = ids.length > 0 && products.isPending;
  // Without the catalog's answer the lines cannot be shown (no names, no prices): the cart is not
  // known yet, or not at all when the read failed, which is not the same as empty.
  const known = ids.length === 0 || products.data !== undefined;
  return useMemo<CartState>(
    () => ({
      cart: known ? guestView(lines, products.data ?? []) : undefined,
      status: products.isError ? 'error' : loading ? 'loading' : 'ready',
      error: products.error ?? undefined,
      count: lines.reduce((sum, line) => sum + line.quantity, 0),
      isServerCart: false,
      reload,
      add,
      setQuantity,
      remove,
      clear,
      quantityOf,
    }),
    [
      known,
      lines,
      products.data,
      products.isError,
      products.error,
      loading,
      reload,
      add,
      setQuantity,
      remove,
      clear,
      quantityOf,
    ],
  );
}
