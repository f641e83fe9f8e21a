import { Type } from '@sinclair/typebox';
import { Cart, CartItemParams, Problem, PutCartItemBody } from '@souk/contracts';
import { principalOf, type App } from '@souk/platform';
import type { OrderContext } from '../context.js';
import { clearCart, getCart, removeCartItem, setCartItem } from './cart.service.js';

const tags = ['cart'];
const security = [{ bearer: [] }];
const errors = { 401: Problem, 502: Problem, 503: Problem };

export function cartRoutes(app: App, ctx: OrderContext): void {
  app.get(
    '/api/cart',
    {
      onRequest: app.requireUser,
      schema: {
        tags,
        security,
        summary: 'My cart, with current catalog prices and stock',
        response: { 200: Cart, ...errors },
      },
    },
    async (request) => getCart(ctx, principalOf(request).userId),
  );

  app.put(
    '/api/cart/items/:productId',
    {
      onRequest: app.requireUser,
      schema: {
        tags,
        security,
        summary: 'Set the quantity of a product in my cart (adds the line when new)',
        description:
          '404 when the product does not exist; 400 over MAX_UNITS_PER_LINE units (`maxUnitsPerLine`); ' +
          '409 when the cart already holds 50 products or another currency.',
        params: CartItemParams,
        body: PutCartItemBody,
        response: { 200: Cart, 400: Problem, 404: Problem, 409: Problem, ...errors },
      },
    },
    async (request) =>
      setCartItem(
        ctx,
        principalOf(request).userId,
        request.params.productId,
        request.body.quantity,
      ),
  );

  app.delete(
    '/api/cart/items/:productId',
    {
      onRequest: app.requireUser,
      schema: {
        tags,
        security,
        summary: 'Remove a product from my cart',
        params: CartItemParams,
        response: { 200: Cart, 400: Problem, ...errors },
      },
    },
    async (request) => removeCartItem(ctx, principalOf(request).userId, request.params.productId),
  );

  app.delete(
    '/api/cart',
    {
      onRequest: app.requireUser,
      schema: {
        tags,
        security,
        summary: 'Empty my cart',
        response: { 204: Type.Null({ description: 'No content' }), 401: Problem },
      },
    },
    async (request, reply) => {
      await clearCart(ctx, principalOf(request).userId);
      return reply.status(204).send(null);
    },
  );
}
