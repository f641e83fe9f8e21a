import { Link } from 'react-router';
import { ORDER_STATUSES, type Order, type OrderStatus } from '@souk/contracts';
import { shortId } from '../../order/order-bits.js';
import { useAdminI18n } from '../i18n/admin-i18n.js';
import { StatusBadge } from './admin-ui.js';

/** Every status, in the order the admin's filters and charts list them. */
export const ADMIN_ORDER_STATUSES: readonly OrderStatus[] = ORDER_STATUSES;

/** Orders as rows: number, date, customer, items, total, status (phone: one card per order). */
export function OrdersTable({
  orders,
  caption,
  showCustomer = true,
  refreshing,
}: {
  orders: Order[];
  caption: string;
  showCustomer?: boolean;
  refreshing?: boolean;
}) {
  const { t, tp, money, date } = useAdminI18n();
  return (
    <div className={`adm-table-wrap ${refreshing ? 'is-refreshing' : ''}`}>
      <table className="adm-table" data-testid="orders-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('orders.col.order')}</th>
            <th scope="col">{t('orders.col.date')}</th>
            {showCustomer ? <th scope="col">{t('orders.col.customer')}</th> : null}
            <th scope="col">{t('orders.col.items')}</th>
            <th scope="col" className="num">
              {t('orders.col.total')}
            </th>
            <th scope="col">{t('orders.col.status')}</th>
          </tr>
        </thead>
        <tbody>
          {orders.map((order) => {
            const units = order.items.reduce((sum, item) => sum + item.quantity, 0);
            return (
              <tr key={order.id} data-order-id={order.id}>
                <th scope="row" className="adm-table__primary">
                  <Link to={`/admin/orders/${order.id}`} className="adm-mono">
                    #{shortId(order.id)}
                  </Link>
                </th>
                <td data-label={t('orders.col.date')}>{date(order.createdAt, 'datetime')}</td>
                {showCustomer ? (
                  <td data-label={t('orders.col.customer')}>{order.shippingAddress.fullName}</td>
                ) : null}
                <td data-label={t('orders.col.items')}>{tp('orders.items', units)}</td>
                <td data-label={t('orders.col.total')} className="num">
                  {money(order.total, order.currency)}
                </td>
                <td data-label={t('orders.col.status')}>
                  <StatusBadge status={order.status} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
