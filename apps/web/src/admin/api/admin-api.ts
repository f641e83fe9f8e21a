import type {
  AdminUser,
  Category,
  ClientPage,
  ClientProfile,
  ClientStats,
  CreateCategoryBody,
  CreateProductBody,
  Notification,
  NotificationPage,
  Order,
  OrderPage,
  OrderStats,
  OrderStatus,
  Product,
  ProductPage,
  TransactionLog,
  UpdateCategoryBody,
  UpdateClientBody,
  UpdateProductBody,
} from '@souk/contracts';
import { BUS_CONSUMER_SERVICES, type BusConsumerService } from '@souk/contracts';
import type { ProductQuery } from '../../api/souk-api.js';
import type { HttpClient } from '../../api/http.js';

/** `GET /api/products/low-stock` (product service, ADMIN). */
export interface LowStock {
  threshold: number;
  items: Product[];
}

/** `GET /api/system/services` (gateway, ADMIN): the registry's services and their health. */
export interface SystemInstance {
  instanceId: string;
  url: string;
  state: 'ready' | 'degraded' | 'not_ready' | 'unreachable';
  checks: Record<string, string>;
  registeredAt?: string;
  lastHeartbeatAt?: string;
}
export interface SystemView {
  checkedAt: string;
  services: Array<{ name: string; instances: SystemInstance[]; error?: string }>;
}

/** A dead letter, as the platform's `/api/ops/<service>/dead-letters` routes show it. */
export interface DeadLetter {
  id: string;
  consumer: string;
  eventId: string;
  eventType: string;
  envelope: unknown;
  error: string;
  attempts: number;
  status: 'open' | 'replayed' | 'discarded';
  failedAt: string;
  resolvedAt: string | null;
}
export interface DeadLetterPage {
  items: DeadLetter[];
  page: number;
  pageSize: number;
  total: number;
  brokerDeadLetters?: number;
}

/** Services with queues on the bus, and so dead letters (contracts' service table). */
export const BUS_SERVICES = BUS_CONSUMER_SERVICES;
export type BusService = BusConsumerService;

export interface AdminOrderQuery {
  status?: OrderStatus;
  userId?: string;
  from?: string;
  to?: string;
  page?: number;
  pageSize?: number;
}

const id = (value: string) => encodeURIComponent(value);

/**
 * The calls the admin dashboard makes, on the app's HTTP client (same token, refresh and
 * problem+json errors as the storefront). Grouped by the service that owns the path.
 */
export function createAdminApi(http: HttpClient) {
  const send = <T>(
    method: 'POST' | 'PATCH' | 'DELETE',
    path: string,
    body?: unknown,
    query?: Record<string, string>,
  ) => http.request<T>(path, { method, body, query });

  return {
    products: {
      list: (query: ProductQuery, signal?: AbortSignal) =>
        http.get<ProductPage>('/products', { ...query }, signal),
      get: (productId: string, signal?: AbortSignal) =>
        http.get<Product>(`/products/${id(productId)}`, undefined, signal),
      /**
       * With an image, the product and its image go in one multipart request (a JSON field
       * "product" and the file "image"): when either is refused, nothing is created.
       */
      create: (body: CreateProductBody, image?: File) => {
        if (!image) return send<Product>('POST', '/products', body);
        const form = new FormData();
        form.append('product', JSON.stringify(body));
        form.append('image', image);
        return send<Product>('POST', '/products', form);
      },
      update: (productId: string, body: UpdateProductBody) =>
        send<Product>('PATCH', `/products/${id(productId)}`, body),
      remove: (productId: string) => send<void>('DELETE', `/products/${id(productId)}`),
      uploadImage: (productId: string, file: File) => {
        const form = new FormData();
        form.append('image', file);
        return send<Product>('POST', `/products/${id(productId)}/image`, form);
      },
      lowStock: (signal?: AbortSignal) =>
        http.get<LowStock>('/products/low-stock', { limit: 10 }, signal),
    },
    categories: {
      list: (signal?: AbortSignal) => http.get<Category[]>('/categories', undefined, signal),
      create: (body: CreateCategoryBody) => send<Category>('POST', '/categories', body),
      update: (categoryId: string, body: UpdateCategoryBody) =>
        send<Category>('PATCH', `/categories/${id(categoryId)}`, body),
      remove: (categoryId: string) => send<void>('DELETE', `/categories/${id(categoryId)}`),
    },
    clients: {
      search: (
        query: { q?: string; page?: number; pageSize?: number; includeDeleted?: boolean },
        signal?: AbortSignal,
      ) => http.get<ClientPage>('/clients', query, signal),
      get: (clientId: string, signal?: AbortSignal) =>
        http.get<ClientProfile>(`/clients/${id(clientId)}`, undefined, signal),
      update: (clientId: string, body: UpdateClientBody) =>
        send<ClientProfile>('PATCH', `/clients/${id(clientId)}`, body),
      remove: (clientId: string) => send<void>('DELETE', `/clients/${id(clientId)}`),
      stats: (signal?: AbortSignal) => http.get<ClientStats>('/clients/stats', undefined, signal),
    },
    users: {
      get: (userId: string, signal?: AbortSignal) =>
        http.get<AdminUser>(`/auth/users/${id(userId)}`, undefined, signal),
      setDisabled: (userId: string, disabled: boolean) =>
        send<AdminUser>('PATCH', `/auth/users/${id(userId)}`, { disabled }),
    },
    orders: {
      list: (query: AdminOrderQuery, signal?: AbortSignal) =>
        http.get<OrderPage>('/orders', { ...query }, signal),
      get: (orderId: string, signal?: AbortSignal) =>
        http.get<Order>(`/orders/${id(orderId)}`, undefined, signal),
      setStatus: (orderId: string, status: 'SHIPPED' | 'DELIVERED') =>
        send<Order>('PATCH', `/orders/${id(orderId)}/status`, { status }),
      cancel: (orderId: string, reason?: string) =>
        send<Order>('POST', `/orders/${id(orderId)}/cancel`, reason ? { reason } : {}),
      stats: (days: number, signal?: AbortSignal) =>
        http.get<OrderStats>('/orders/stats', { days }, signal),
    },
    payments: {
      forOrder: (orderId: string, signal?: AbortSignal) =>
        http.get<TransactionLog>('/payments', { orderId }, signal),
    },
    notifications: {
      list: (query: { page?: number; pageSize?: number; unread?: boolean }, signal?: AbortSignal) =>
        http.get<NotificationPage>('/notifications', { ...query, audience: 'ADMIN' }, signal),
      read: (notificationId: string) =>
        send<Notification>('POST', `/notifications/${id(notificationId)}/read`),
      readAll: () =>
        send<{ updated: number }>('POST', '/notifications/read-all', undefined, {
          audience: 'ADMIN',
        }),
    },
    system: {
      services: (signal?: AbortSignal) =>
        http.get<SystemView>('/system/services', undefined, signal),
      deadLetters: (service: BusService, signal?: AbortSignal) =>
        http.get<DeadLetterPage>(
          `/ops/${service}/dead-letters`,
          { status: 'open', pageSize: 20 },
          signal,
        ),
      replay: (service: BusService, letterId: string) =>
        send<DeadLetter>('POST', `/ops/${service}/dead-letters/${id(letterId)}/replay`),
      discard: (service: BusService, letterId: string) =>
        send<DeadLetter>('POST', `/ops/${service}/dead-letters/${id(letterId)}/discard`),
    },
  };
}

export type AdminApi = ReturnType<typeof createAdminApi>;
