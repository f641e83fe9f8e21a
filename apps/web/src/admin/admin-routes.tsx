import type { RouteObject } from 'react-router';
import { AdminPlaceholder } from './admin-placeholder.js';

/**
 * The routes under /admin (already behind the ADMIN guard and inside the app's providers).
 * The admin dashboard replaces this placeholder with its own layout and pages.
 */
export const adminRoutes: RouteObject[] = [{ index: true, element: <AdminPlaceholder /> }];
