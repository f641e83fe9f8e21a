import { randomUUID } from 'node:crypto';
import {
  MinorUnits,
  type ChangeOrderStatusBody,
  type ListOrdersQuery,
  type Order,
  type PageOf,
  type PlaceOrderBody,
} from '@souk/contracts';
import {
  AppError,
  conflict,
  notFound,
  requireIdempotencyKey,
  runIdempotent,
  validationFailed,
  type IdempotentResult,
  type Principal,
} from '@souk/platform';
import type { Transaction } from 'kysely';
import type { CatalogProduct } from '../catalog/product-catalog.js';
import { removeFromCart } from '../carts/cart.repository.js';
import type { OrderContext, Queryable } from '../context.js';
import type { OrderDatabase } from '../db/schema.js';
import { assertRoomForUnpaidOrder, assertUnitsPerLine } from './order-limits.js';
import { transitionOrder } from './order-transition.js';
import { groupByOrder, toOrder } from './order-view.js';
import {
  insertHistory,
  insertOrder,
  insertOrderItems,
  lockOrder,
  selectHistory,
  selectItems,
  selectOrder,
  selectOrderPage,
  type OrderFilter,
  type OrderItemRow,
  type OrderRow,
} from './order.repository.js';

const MAX_TOTAL = MinorUnits.maximum as number;

/**
 * Places an order once per Idempotency-Key. Names and prices are read from the product service
 * before any transaction opens (no lock is held during the call); the order, its lines, its first
 * history entry, the `order.placed` event and the cart clean-up then commit together with the key.
 * The limits are checked only for a new order: a replay answers as the first time, refused or not.
 */
export async function placeOrder(
  ctx: OrderContext,
  principal: Principal,
  idempotencyKey: string | undefined,
  body: PlaceOrderBody,
): Promise<IdempotentResult<Order>> {
  requireIdempotencyKey(idempotencyKey);
  assertOrderBody(body);
  const productIds = body.items.map((item) => item.productId.toLowerCase());
  // A failed lookup is only thrown when the work runs: a retry of an order already placed replays
  // its reply even if the catalog has changed or is down since.
  const lookup = await ctx.catalog.findProducts(productIds).then(
    (products) => ({ products }),
    (error: unknown) => ({ error }),
  );

  return runIdempotent(
    ctx.db,
    { scope: 'orders.create', ownerId: principal.userId, key: idempotencyKey, body },
    async (anyTrx) => {
      const trx = anyTrx as Transaction<OrderDatabase>;
      assertUnitsPerLine(
        body.items.map((item, index) => ({
          path: `body.items.${index}.quantity`,
          quantity: item.quantity,
        })),
        ctx.limits,
      );
      await assertRoomForUnpaidOrder(trx, principal.userId, ctx.limits);
      if ('error' in lookup) throw lookup.error;
      const id = randomUUID();
      const { items, total, currency } = priceLines(id, body, lookup.products);
      const row = await insertOrder(trx, {
        id,
        userId: principal.userId,
        total,
        currency,
        shippingAddress: body.shippingAddress,
        payWithinMs: ctx.paymentTimeoutMs,
      });
      await insertOrderItems(trx, items);
      const first = await insertHistory(trx, id, 'PENDING');
      await ctx.bus.publish(trx, 'order.placed', {
        orderId: id,
        userId: principal.userId,
        items: items.map((item) => ({
          productId: item.product_id,
          name: item.name,
          unitPrice: item.unit_price,
          quantity: item.quantity,
        })),
        total,
        currency,
        placedAt: row.created_at.toISOString(),
      });
      await removeFromCart(trx, principal.userId, productIds);
      return { status: 201, body: toOrder(row, items, [first]) };
    },
  );
}

function assertOrderBody(body: PlaceOrderBody): void {
  const seen = new Set<string>();
  const errors: Array<{ path: string; message: string }> = [];
  body.items.forEach((item, index) => {
    const id = item.productId.toLowerCase();
    if (seen.has(id))
      errors.push({ path: `body.items.${index}.productId`, message: 'appears more than once' });
    seen.add(id);
  });
  if (errors.length > 0)
    throw validationFailed(
      `Invalid body: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`,
      errors,
    );
}

/** The order's lines with the catalog's names and prices; every product must exist, in one currency. */
function priceLines(orderId: string, body: PlaceOrderBody, products: Map<string, CatalogProduct>) {
  const unknown = body.items
    .map((item, index) => ({ id: item.productId.toLowerCase(), index }))
    .filter(({ id }) => !products.has(id));
  if (unknown.length > 0) {
    throw new AppError(
      'validation_failed',
      `These products do not exist: ${unknown.map(({ id }) => id).join(', ')}`,
      {
        extensions: {
          errors: unknown.map(({ index }) => ({
            path: `body.items.${index}.productId`,
            message: 'does not exist',
          })),
          unknownProductIds: unknown.map(({ id }) => id),
        },
      },
    );
  }
  const items: OrderItemRow[] = body.items.map((item, index) => {
    const product = products.get(item.productId.toLowerCase())!;
    return {
      order_id: orderId,
      line_no: index + 1,
      product_id: product.id,
      name: product.name,
      unit_price: product.price,
      quantity: item.quantity,
      line_total: product.price * item.quantity,
    };
  });
  const currencies = [...new Set(items.map((item) => products.get(item.product_id)!.currency))];
  if (currencies.length > 1) {
    throw validationFailed(
      `These products are priced in different currencies (${currencies.join(', ')}): order them separately`,
      [{ path: 'body.items', message: 'mixes currencies' }],
    );
  }
  const total = items.reduce((sum, item) => sum + item.line_total, 0);
  if (total > MAX_TOTAL)
    throw validationFailed('The order total is too large', [
      { path: 'body.items', message: 'total too large' },
    ]);
  return { items, total, currency: currencies[0]! };
}

/** One order with its lines and history; another client's order does not exist for the caller. */
export async function getOrder(
  ctx: OrderContext,
  principal: Principal,
  id: string,
): Promise<Order> {
  const row = await selectOrder(ctx.db, id);
  if (!row || !canSee(principal, row)) throw notFound('Order');
  return withDetails(ctx.db, row);
}

/** Own orders for a client; every order, with filters, for an admin. Newest first. */
export async function listOrders(
  ctx: OrderContext,
  principal: Principal,
  query: ListOrdersQuery,
): Promise<PageOf<Order>> {
  const page = { page: query.page, pageSize: query.pageSize };
  if (
    !principal.isAdmin &&
    query.userId !== undefined &&
    query.userId.toLowerCase() !== principal.userId.toLowerCase()
  ) {
    return { items: [], ...page, total: 0 };
  }
  const filter: OrderFilter = {
    userId: principal.isAdmin ? query.userId : principal.userId,
    status: query.status,
    createdFrom: query.from === undefined ? undefined : startOf(query.from),
    ...(query.to === undefined ? {} : endOf(query.to)),
  };
  const { rows, total } = await selectOrderPage(ctx.db, filter, {
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  const ids = rows.map((row) => row.id);
  const [items, history] = await Promise.all([
    selectItems(ctx.db, ids),
    selectHistory(ctx.db, ids),
  ]);
  const itemsByOrder = groupByOrder(items);
  const historyByOrder = groupByOrder(history);
  return {
    items: rows.map((row) =>
      toOrder(row, itemsByOrder.get(row.id) ?? [], historyByOrder.get(row.id) ?? []),
    ),
    ...page,
    total,
  };
}

/** The owner while it is not shipped, or an admin (also once shipped): CANCELLED, refunded when paid. */
export async function cancelOrder(
  ctx: OrderContext,
  principal: Principal,
  id: string,
  reason?: string,
): Promise<Order> {
  return ctx.db.transaction().execute(async (trx) => {
    const current = await lockOrder(trx, id);
    if (!current || !canSee(principal, current)) throw notFound('Order');
    const actor = principal.isAdmin ? 'admin' : 'client';
    const result = await transitionOrder(
      trx,
      ctx.bus,
      { orderId: id, to: 'CANCELLED', actor, reason },
      current,
    );
    if (!result.changed) {
      const hint = current.status === 'SHIPPED' ? ': it has shipped' : '';
      throw conflict(`An order that is ${current.status} cannot be cancelled${hint}`, {
        currentStatus: current.status,
      });
    }
    return withDetails(trx, result.order);
  });
}

/** Admin: PAID -> SHIPPED -> DELIVERED, one step at a time. */
export async function changeOrderStatus(
  ctx: OrderContext,
  id: string,
  body: ChangeOrderStatusBody,
): Promise<Order> {
  return ctx.db.transaction().execute(async (trx) => {
    const result = await transitionOrder(trx, ctx.bus, {
      orderId: id,
      to: body.status,
      actor: 'admin',
    });
    if (!result.order) throw notFound('Order');
    if (!result.changed)
      throw conflict(`An order that is ${result.order.status} cannot become ${body.status}`, {
        currentStatus: result.order.status,
      });
    return withDetails(trx, result.order);
  });
}

function canSee(principal: Principal, order: OrderRow): boolean {
  return principal.isAdmin || order.user_id.toLowerCase() === principal.userId.toLowerCase();
}

async function withDetails(db: Queryable, row: OrderRow): Promise<Order> {
  const [items, history] = await Promise.all([
    selectItems(db, [row.id]),
    selectHistory(db, [row.id]),
  ]);
  return toOrder(row, items, history);
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

function startOf(value: string): Date {
  return new Date(DATE_ONLY.test(value) ? `${value}T00:00:00.000Z` : value);
}

/** A date-only upper bound includes that whole day (UTC). */
function endOf(value: string): Pick<OrderFilter, 'createdTo' | 'createdToExclusive'> {
  if (!DATE_ONLY.test(value)) return { createdTo: new Date(value), createdToExclusive: false };
  const next = new Date(`${value}T00:00:00.000Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return { createdTo: next, createdToExclusive: true };
}
