import { queryOptions } from '@tanstack/react-query';
import { categoryKeys, clientKeys, orderKeys, productKeys } from './query-keys.js';
import type { SoukApi } from './souk-api.js';

// Queries several screens make, so that each is written once (key and call together).

export const categoriesQuery = (api: SoukApi) =>
  queryOptions({
    queryKey: categoryKeys.all,
    queryFn: ({ signal }) => api.catalog.categories(signal),
  });

export const productQuery = (api: SoukApi, id: string) =>
  queryOptions({
    queryKey: productKeys.detail(id),
    queryFn: ({ signal }) => api.catalog.product(id, signal),
  });

export const orderQuery = (api: SoukApi, id: string) =>
  queryOptions({
    queryKey: orderKeys.detail(id),
    queryFn: ({ signal }) => api.orders.get(id, signal),
  });

export const myProfileQuery = (api: SoukApi) =>
  queryOptions({
    queryKey: clientKeys.me(),
    queryFn: ({ signal }) => api.clients.me(signal),
  });
