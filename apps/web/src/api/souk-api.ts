import type {
  Address,
  AuthTokens,
  Cart,
  Category,
  ClientProfile,
  CreateAddressBody,
  ListProductsQuery,
  Me,
  Notification,
  NotificationPage,
  Order,
  OrderPage,
  OrderStatus,
  Payment,
  PlaceOrderBody,
  Product,
  ProductPage,
  RegisterBody,
  TransactionLog,
  UpdateAddressBody,
  UpdateClientBody,
  CardInput,
} from '@souk/contracts';
import type { HttpClient } from './http.js';

export type ProductQuery = Partial<Omit<ListProductsQuery, 'page'>> & { page?: number };

/**
 * Every endpoint the web app calls, typed with the services' own contracts
 * (`packages/contracts`). Grouped by the service that owns the path.
 */
export function createSoukApi(http: HttpClient) {
  const json = <T>(
    method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    path: string,
    body?: unknown,
    idempotencyKey?: string,
  ) => http.request<T>(path, { method, body, idempotencyKey });

  return {
    http,
    auth: {
      login: (email: string, password: string) =>
        http.request<AuthTokens>('/auth/login', {
          method: 'POST',
          body: { email, password },
          authenticate: false,
        }),
      register: (body: RegisterBody) =>
        http.request<AuthTokens>('/auth/register', { method: 'POST', body, authenticate: false }),
      me: () => http.get<Me>('/auth/me'),
      changePassword: (currentPassword: string, newPassword: string) =>
        json<void>('POST', '/auth/password', { currentPassword, newPassword }),
      requestPasswordReset: (email: string) =>
        http.request<void>('/auth/password-reset', {
          method: 'POST',
          body: { email },
          authenticate: false,
        }),
      confirmPasswordReset: (token: string, password: string) =>
        http.request<void>('/auth/password-reset/confirm', {
          method: 'POST',
          body: { token, password },
          authenticate: false,
        }),
    },
    catalog: {
      products: (query: ProductQuery, signal?: AbortSignal) =>
        http.get<ProductPage>('/products', { ...query }, signal),
      product: (id: string, signal?: AbortSignal) =>
        http.get<Product>(`/products/${encodeURIComponent(id)}`, undefined, signal),
      /** Several products at once (up to 100), e.g. to show a visitor's cart. */
      productsByIds: async (ids: string[], signal?: AbortSignal): Promise<Product[]> => {
        if (ids.length === 0) return [];
        const page = await http.get<ProductPage>(
          '/products',
          { ids: ids.slice(0, 100).join(',') },
          signal,
        );
        return page.items;
      },
      categories: (signal?: AbortSignal) => http.get<Category[]>('/categories', undefined, signal),
    },
    cart: {
      get: (signal?: AbortSignal) => http.get<Cart>('/cart', undefined, signal),
      setItem: (productId: string, quantity: number) =>
        json<Cart>('PUT', `/cart/items/${encodeURIComponent(productId)}`, { quantity }),
      removeItem: (productId: string) =>
        json<Cart>('DELETE', `/cart/items/${encodeURIComponent(productId)}`),
      clear: () => json<void>('DELETE', '/cart'),
    },
    orders: {
      place: (body: PlaceOrderBody, idempotencyKey: string) =>
        json<Order>('POST', '/orders', body, idempotencyKey),
      list: (
        query: { page?: number; pageSize?: number; status?: OrderStatus },
        signal?: AbortSignal,
      ) => http.get<OrderPage>('/orders', query, signal),
      get: (id: string, signal?: AbortSignal) =>
        http.get<Order>(`/orders/${encodeURIComponent(id)}`, undefined, signal),
      cancel: (id: string, reason?: string) =>
        json<Order>('POST', `/orders/${encodeURIComponent(id)}/cancel`, reason ? { reason } : {}),
    },
    payments: {
      pay: (orderId: string, card: CardInput, idempotencyKey: string) =>
        json<Payment>('POST', '/payments', { orderId, card }, idempotencyKey),
      forOrder: (orderId: string, signal?: AbortSignal) =>
        http.get<TransactionLog>('/payments', { orderId }, signal),
    },
    clients: {
      me: (signal?: AbortSignal) => http.get<ClientProfile>('/clients/me', undefined, signal),
      update: (body: UpdateClientBody) => json<ClientProfile>('PATCH', '/clients/me', body),
      addAddress: (body: CreateAddressBody) => json<Address>('POST', '/clients/me/addresses', body),
      updateAddress: (id: string, body: UpdateAddressBody) =>
        json<Address>('PATCH', `/clients/me/addresses/${encodeURIComponent(id)}`, body),
      removeAddress: (id: string) =>
        json<void>('DELETE', `/clients/me/addresses/${encodeURIComponent(id)}`),
    },
    notifications: {
      list: (query: { page?: number; pageSize?: number; unread?: boolean }, signal?: AbortSignal) =>
        http.get<NotificationPage>('/notifications', query, signal),
      read: (id: string) =>
        json<Notification>('POST', `/notifications/${encodeURIComponent(id)}/read`),
      readAll: () => json<{ updated: number }>('POST', '/notifications/read-all'),
      /**
       * EventSource cannot send headers: the gateway moves this query token into Authorization.
       * `lastEventId`: the last message this tab got, so a new stream first sends what it missed.
       */
      streamUrl: (accessToken: string, lastEventId?: string) =>
        `/api/notifications/stream?access_token=${encodeURIComponent(accessToken)}` +
        (lastEventId ? `&lastEventId=${encodeURIComponent(lastEventId)}` : ''),
    },
  };
}

export type SoukApi = ReturnType<typeof createSoukApi>;
