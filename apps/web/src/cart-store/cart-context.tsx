import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import type { Cart, Product } from '@souk/contracts';
import { useApi, useSessionState } from '../api/services.js';
import { useI18n } from '../i18n/i18n.js';
import { useToast } from '../ui/toast.js';
import { mergeGuestCart } from './cart-merge.js';
import {
  addGuestLine,
  GUEST_CART_KEY,
  MAX_LINE_QUANTITY,
  readGuestCart,
  setGuestLine,
  writeGuestCart,
  type GuestLine,
} from './guest-cart.js';

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

const CartContext = createContext<CartState | null>(null);

function guestView(lines: GuestLine[], products: ReadonlyMap<string, Product>): CartView {
  const items = lines.flatMap((line): CartLineView[] => {
    const product = products.get(line.productId);
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

function serverView(cart: Cart, images: ReadonlyMap<string, string | null>): CartView {
  return {
    ...cart,
    items: cart.items.map((item) => ({ ...item, imageUrl: images.get(item.productId) ?? null })),
  };
}

/**
 * One cart for the whole app. A visitor's cart lives in localStorage (ids and quantities only);
 * once signed in, the server cart is the truth and the visitor's lines are merged into it.
 */
export function CartProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const session = useSessionState();
  const { t } = useI18n();
  const toast = useToast();
  const userId = session.status === 'signed-in' ? session.user?.id : undefined;
  const restoring = session.status === 'restoring';

  const [guestLines, setGuestLines] = useState<GuestLine[]>(() => readGuestCart());
  const [products, setProducts] = useState<Map<string, Product>>(new Map());
  const [serverCart, setServerCart] = useState<Cart | undefined>();
  const [status, setStatus] = useState<CartState['status']>('loading');
  const [error, setError] = useState<unknown>();
  const productsRef = useRef(products);
  productsRef.current = products;

  const learnProducts = useCallback(
    async (ids: string[]) => {
      const missing = ids.filter((id) => !productsRef.current.has(id));
      if (missing.length === 0) return productsRef.current;
      const found = await api.catalog.productsByIds(missing);
      const next = new Map(productsRef.current);
      for (const product of found) next.set(product.id, product);
      productsRef.current = next;
      setProducts(next);
      return next;
    },
    [api],
  );

  const updateGuest = useCallback((update: (lines: GuestLine[]) => GuestLine[]) => {
    setGuestLines((lines) => {
      const next = update(lines);
      writeGuestCart(next);
      return next;
    });
  }, []);

  const loadServer = useCallback(async () => {
    try {
      const cart = await api.cart.get();
      setServerCart(cart);
      setStatus('ready');
      setError(undefined);
      void learnProducts(cart.items.map((item) => item.productId)).catch(() => undefined);
    } catch (failure) {
      setError(failure);
      setStatus('error');
    }
  }, [api, learnProducts]);

  const loadGuest = useCallback(async () => {
    const lines = readGuestCart();
    setGuestLines(lines);
    try {
      const known = await learnProducts(lines.map((line) => line.productId));
      // Products withdrawn from the catalog leave the visitor's cart.
      const kept = lines.filter((line) => known.has(line.productId));
      if (kept.length !== lines.length) updateGuest(() => kept);
      setStatus('ready');
      setError(undefined);
    } catch (failure) {
      setError(failure);
      setStatus('error');
    }
  }, [learnProducts, updateGuest]);

  // Signed in (login, register, or a restored session): merge the visitor's lines, then use the server cart.
  useEffect(() => {
    if (restoring) return;
    if (!userId) {
      setServerCart(undefined);
      void loadGuest();
      return;
    }
    let cancelled = false;
    const guest = readGuestCart();
    setStatus('loading');
    if (guest.length === 0) {
      void loadServer();
      return;
    }
    void mergeGuestCart(api, guest)
      .then((result) => {
        if (cancelled) return;
        writeGuestCart([]);
        setGuestLines([]);
        setServerCart(result.cart);
        setStatus('ready');
        if (result.added > 0) toast({ tone: 'success', title: t('cart.merged') });
        if (result.skipped > 0) toast({ tone: 'warning', title: t('cart.mergeSkipped') });
        void learnProducts(result.cart.items.map((item) => item.productId)).catch(() => undefined);
      })
      .catch(() => {
        if (!cancelled) void loadServer();
      });
    return () => {
      cancelled = true;
    };
    // Runs once per signed-in user, not when the callbacks or the locale (t) change: a new merge
    // then would reload the cart for nothing.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- deliberately keyed on the user only
  }, [userId, restoring]);

  // Another tab changed the visitor's cart.
  useEffect(() => {
    const onStorage = (event: StorageEvent) => {
      if (event.key === GUEST_CART_KEY && !userId) void loadGuest();
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, [userId, loadGuest]);

  const cart = useMemo<CartView | undefined>(() => {
    if (userId)
      return serverCart
        ? serverView(
            serverCart,
            new Map([...products].map(([id, product]) => [id, product.imageUrl])),
          )
        : undefined;
    return status === 'loading' && products.size === 0 && guestLines.length > 0
      ? undefined
      : guestView(guestLines, products);
  }, [userId, serverCart, products, guestLines, status]);

  const quantityOf = useCallback(
    (productId: string) =>
      userId
        ? (serverCart?.items.find((item) => item.productId === productId)?.quantity ?? 0)
        : (guestLines.find((line) => line.productId === productId)?.quantity ?? 0),
    [userId, serverCart, guestLines],
  );

  const add = useCallback(
    async (product: Pick<Product, 'id' | 'stock'>, quantity: number) => {
      const wanted = Math.min(quantityOf(product.id) + quantity, product.stock, MAX_LINE_QUANTITY);
      if (userId) {
        setServerCart(await api.cart.setItem(product.id, wanted));
      } else {
        updateGuest((lines) => addGuestLine(lines, product.id, quantity, product.stock));
        void learnProducts([product.id]).catch(() => undefined);
      }
      return wanted;
    },
    [api, userId, quantityOf, updateGuest, learnProducts],
  );

  const setQuantity = useCallback(
    async (productId: string, quantity: number) => {
      if (userId) setServerCart(await api.cart.setItem(productId, quantity));
      else updateGuest((lines) => setGuestLine(lines, productId, quantity));
    },
    [api, userId, updateGuest],
  );

  const remove = useCallback(
    async (productId: string) => {
      if (userId) setServerCart(await api.cart.removeItem(productId));
      else updateGuest((lines) => lines.filter((line) => line.productId !== productId));
    },
    [api, userId, updateGuest],
  );

  const clear = useCallback(async () => {
    if (userId) {
      await api.cart.clear();
      setServerCart((current) => (current ? { ...current, items: [], total: 0 } : current));
    } else updateGuest(() => []);
  }, [api, userId, updateGuest]);

  const reload = useCallback(
    () => (userId ? loadServer() : loadGuest()),
    [userId, loadServer, loadGuest],
  );

  const count = userId
    ? (serverCart?.items.reduce((sum, item) => sum + item.quantity, 0) ?? 0)
    : guestLines.reduce((sum, line) => sum + line.quantity, 0);

  const value = useMemo<CartState>(
    () => ({
      cart,
      status,
      error,
      count,
      isServerCart: Boolean(userId),
      reload,
      add,
      setQuantity,
      remove,
      clear,
      quantityOf,
    }),
    [cart, status, error, count, userId, reload, add, setQuantity, remove, clear, quantityOf],
  );
  return <CartContext.Provider value={value}>{children}</CartContext.Provider>;
}

export function useCart(): CartState {
  const cart = useContext(CartContext);
  if (!cart) throw new Error('CartProvider is missing');
  return cart;
}
