import type { ComponentType } from 'react';
import type { RouteObject } from 'react-router';

type AdminModule = typeof import('./admin-app.js');

/** The route's component from the dashboard's chunk, loaded on the first visit to /admin. */
const screen = (pick: (module: AdminModule) => ComponentType): Pick<RouteObject, 'lazy'> => ({
  lazy: async () => {
    const module = await import('./admin-app.js');
    return { Component: pick(module), ErrorBoundary: module.AdminRouteError };
  },
});

/**
 * The routes under /admin (already behind the ADMIN guard and inside the app's providers): the
 * dashboard's own frame, then one screen per section. Every list keeps its filters in the URL.
 */
export const adminRoutes: RouteObject[] = [
  {
    ...screen((module) => module.AdminLayout),
    children: [
      { index: true, ...screen((module) => module.OverviewPage) },
      { path: 'orders', ...screen((module) => module.OrdersPage) },
      { path: 'orders/:id', ...screen((module) => module.OrderPage) },
      { path: 'products', ...screen((module) => module.ProductsPage) },
      { path: 'products/new', ...screen((module) => module.ProductEditorPage) },
      { path: 'products/:id', ...screen((module) => module.ProductEditorPage) },
      { path: 'categories', ...screen((module) => module.CategoriesPage) },
      { path: 'clients', ...screen((module) => module.ClientsPage) },
      { path: 'clients/:id', ...screen((module) => module.ClientPage) },
      { path: 'notifications', ...screen((module) => module.AdminNotificationsPage) },
      { path: 'system', ...screen((module) => module.SystemPage) },
      { path: '*', ...screen((module) => module.AdminNotFound) },
    ],
  },
];
