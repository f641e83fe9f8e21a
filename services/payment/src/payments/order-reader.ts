import type { OrderStatus } from '@souk/contracts';
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
      const body = await http.json<Record<string, unknown>>('order', {
        path: `/api/orders/${orderId}`,
        token: callerToken,
      });
      if (
        !body ||
        body.id !== orderId ||
        typeof body.userId !== 'string' ||
        typeof body.status !== 'string' ||
        !Number.isSafeInteger(body.total) ||
        typeof body.currency !== 'string'
      ) {
        throw new AppError(
          'bad_gateway',
          'The order service answered an order this service cannot read',
        );
      }
      return {
        id: orderId,
        userId: body.userId,
        status: body.status as OrderStatus,
        total: body.total as number,
        currency: body.currency,
      };
    },
  };
}
