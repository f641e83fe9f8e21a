import { createBrowserRouter, Outlet, type RouteObject } from 'react-router';
import { AccountPage } from '../account/account-page.js';
import { ForgotPasswordPage } from '../account/forgot-password-page.js';
import { LoginPage } from '../account/login-page.js';
import { ResetPasswordPage } from '../account/reset-password-page.js';
import { RegisterPage } from '../account/register-page.js';
import { adminRoutes } from '../admin/admin-routes.js';
import { RequireAdmin, RequireAuth } from '../auth/guards.js';
import { CartPage } from '../cart/cart-page.js';
import { CheckoutPage } from '../checkout/checkout-page.js';
import { ConfirmationPage } from '../checkout/confirmation-page.js';
import { PaymentPage } from '../checkout/payment-page.js';
import { Layout } from './layout/layout.js';
import { OrderPage } from '../orders/order-page.js';
import { OrdersPage } from '../orders/orders-page.js';
import { CatalogPage } from '../shop/catalog-page.js';
import { HomePage } from '../shop/home-page.js';
import { ProductPage } from '../shop/product-page.js';
import { NotFoundPage } from './not-found-page.js';
import { RouteError } from './route-error.js';
import { useFocusHeadingOnNavigation } from '../ui/page-title.js';

/** Every screen has its own URL; filters, pages and steps live in the path and query too. */
const screens: RouteObject[] = [
  {
    // The dashboard has its own frame (top bar and sidebar) instead of the shop's header and footer.
    path: 'admin',
    errorElement: <RouteError />,
    element: (
      <RequireAdmin>
        <Outlet />
      </RequireAdmin>
    ),
    children: adminRoutes,
  },
  {
    element: <Layout />,
    errorElement: <RouteError />,
    children: [
      {
        errorElement: <RouteError />,
        children: [
          { index: true, element: <HomePage /> },
          { path: 'catalog', element: <CatalogPage /> },
          { path: 'products/:id', element: <ProductPage /> },
          { path: 'cart', element: <CartPage /> },
          { path: 'login', element: <LoginPage /> },
          { path: 'register', element: <RegisterPage /> },
          { path: 'forgot-password', element: <ForgotPasswordPage /> },
          { path: 'reset-password', element: <ResetPasswordPage /> },
          {
            path: 'checkout',
            element: (
              <RequireAuth reason="checkout">
                <Outlet />
              </RequireAuth>
            ),
            children: [
              { index: true, element: <CheckoutPage /> },
              { path: ':orderId/payment', element: <PaymentPage /> },
              { path: ':orderId/done', element: <ConfirmationPage /> },
            ],
          },
          {
            element: (
              <RequireAuth>
                <Outlet />
              </RequireAuth>
            ),
            children: [
              { path: 'orders', element: <OrdersPage /> },
              { path: 'orders/:id', element: <OrderPage /> },
              { path: 'account', element: <AccountPage /> },
            ],
          },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
];

/** Above both frames (shop and dashboard), so that going from one to the other moves focus too. */
function FocusOnNavigation() {
  useFocusHeadingOnNavigation();
  return <Outlet />;
}

export const routes: RouteObject[] = [{ element: <FocusOnNavigation />, children: screens }];

export function createAppRouter() {
  return createBrowserRouter(routes);
}
