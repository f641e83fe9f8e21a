import { AppError, conflict } from '@souk/platform';
import type { Transaction } from 'kysely';
import type { OrderLimits } from '../context.js';
import type { OrderDatabase } from '../db/schema.js';
import { countUnpaidOrders, lockClientOrders } from './order.repository.js';

// The rules that keep one account from reserving the shop's stock (issue 8): a few unpaid orders
// at a time, a few units of a product per line. An order reserves its stock as soon as it is
// placed and holds it until it is paid or cancelled (PAYMENT_TIMEOUT_MINUTES at most).

/** A line over the cap is a 400 naming each such field, with the cap so a client can show it. */
export function assertUnitsPerLine(
  lines: Array<{ path: string; quantity: number }>,
  limits: OrderLimits,
): void {
  const max = limits.unitsPerLine;
  const over = lines.filter((line) => line.quantity > max);
  if (over.length === 0) return;
  throw new AppError(
    'validation_failed',
    `At most ${max} units of one product per order: lower the quantity`,
    {
      extensions: {
        errors: over.map((line) => ({ path: line.path, message: `must be at most ${max}` })),
        maxUnitsPerLine: max,
      },
    },
  );
}

/**
 * Refuses a new order (409) while the client has as many unpaid orders as allowed. Called in the
 * placing transaction: the client's lock makes concurrent placements take turns, so each counts
 * the orders the others committed and N at once can never go past the cap.
 */
export async function assertRoomForUnpaidOrder(
  trx: Transaction<OrderDatabase>,
  userId: string,
  limits: OrderLimits,
): Promise<void> {
  try {
    await lockClientOrders(trx, userId);
  } catch (error) {
    // lock_timeout (set by runIdempotent): another order of theirs has been placing for a while.
    if ((error as { code?: string }).code === '55P03')
      throw conflict('Another order of yours is being placed; retry in a moment');
    throw error;
  }
  const unpaid = await countUnpaidOrders(trx, userId);
  const max = limits.unpaidOrdersPerClient;
  if (unpaid < max) return;
  throw conflict(
    `You have ${unpaid} unpaid orders, the most one account may have at once: pay or cancel one of them before placing another`,
    { unpaidOrders: unpaid, maxUnpaidOrders: max },
  );
}
