import { describe, expect, it } from 'vitest';
import { routePatterns } from './route-patterns.js';
import { routes } from './router.js';

describe('routePatterns', () => {
  it("when the app's router is read, then every page is listed and the not-found pages are not", () => {
    const patterns = routePatterns(routes);
    expect(patterns).toEqual(
      expect.arrayContaining([
        '/',
        '/catalog',
        '/products/:id',
        '/cart',
        '/checkout',
        '/checkout/:orderId/payment',
        '/orders/:id',
        '/admin',
        '/admin/orders/:id',
        '/admin/products/new',
      ]),
    );
    expect(patterns.filter((pattern) => pattern.includes('*'))).toEqual([]);
    expect(new Set(patterns).size).toBe(patterns.length);
  });

  it('when routes nest, then layouts add nothing, an index names its parent and a splat stays', () => {
    const patterns = routePatterns([
      {
        path: 'shop',
        children: [
          { index: true },
          { children: [{ path: 'items/:id' }] },
          { path: 'help/*' },
          { path: '*' },
        ],
      },
      { path: '/absolute' },
    ]);
    expect(patterns).toEqual(['/shop', '/shop/items/:id', '/shop/help/*', '/absolute']);
  });
});
