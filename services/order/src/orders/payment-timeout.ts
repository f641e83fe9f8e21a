import type { OrderContext } from '../context.js';
import { transitionOrder } from './order-transition.js';
import { lockOverdueOrders } from './order.repository.js';

const BATCH_SIZE = 100;
/** Batches per sweep at most, so one sweep never runs for long; the next one goes on. */
const MAX_BATCHES = 20;

/**
 * Cancels unpaid orders (PENDING or AWAITING_PAYMENT) whose payment deadline has passed, in
 * batches locked with FOR UPDATE SKIP LOCKED: instances sweeping at once never take the same
 * order, and the guarded transition makes a second cancellation impossible anyway.
 */
export async function cancelOverdueOrders(ctx: OrderContext): Promise<number> {
  let cancelled = 0;
  for (let batch = 0; batch < MAX_BATCHES; batch++) {
    const claimed = await ctx.db.transaction().execute(async (trx) => {
      const ids = await lockOverdueOrders(trx, BATCH_SIZE);
      for (const orderId of ids) {
        const result = await transitionOrder(trx, ctx.bus, {
          orderId,
          to: 'CANCELLED',
          actor: 'system',
        });
        if (result.changed) cancelled++;
      }
      return ids.length;
    });
    if (claimed < BATCH_SIZE) break;
  }
  if (cancelled > 0)
    ctx.logger.info({ cancelled }, 'unpaid orders cancelled after the payment timeout');
  return cancelled;
}
