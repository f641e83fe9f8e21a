import { Order, type OrderStatus } from '@souk/contracts';
import { AppError, type HttpClient } from '@souk/platform';

/** The part of the order service's `GET /api/orders/:id` reply a payment needs. */
export interface PayableOrder {
  id: string;
  userId: string;
  status: OrderStatus;
  total: number;
  currency: string;
}

export interface OrderReader {
  /** Reads the order on the caller's behalf: the order service answers 404 unless it is theirs. */
  read(orderId: string, callerToken: string): Promise<PayableOrder>;
}

/** Reads orders from the order service, found through discovery, with the caller's own token. */
export function createOrderReader(http: HttpClient): OrderReader {
  return {
    async read(orderId, callerToken) {
      const order = await http.json(
        'order',
        { path: `/api/orders/${orderId}`, token: callerToken },
        Order,
      );
      if (order.id !== orderId)
        throw new AppError('bad_gateway', 'The order service answered with another order');
      return {
        id: orderId,
        userId: order.userId,
        status: order.status,
        total: order.total,
        currency: order.currency,
      };
    },
  };
}
