import type { Order, OrderStatus } from '@souk/contracts';
import { useI18n } from '../i18n/i18n.js';
import { CheckIcon } from '../ui/icons.js';

const HAPPY_PATH: OrderStatus[] = ['PENDING', 'AWAITING_PAYMENT', 'PAID', 'SHIPPED', 'DELIVERED'];

/**
 * The order's history as a timeline: every recorded step with its time (and reason), followed by
 * the steps still to come on the normal path, greyed out.
 */
export function StatusTimeline({ order }: { order: Order }) {
  const { t, date } = useI18n();
  const reached = order.history;
  const isFinalOff = order.status === 'CANCELLED' || order.status === 'REJECTED';
  const lastIndex = HAPPY_PATH.indexOf(order.status);
  const upcoming = isFinalOff || lastIndex < 0 ? [] : HAPPY_PATH.slice(lastIndex + 1);
  return (
    <ol className="timeline" data-testid="timeline">
      {reached.map((entry, index) => {
        const isLast = index === reached.length - 1;
        const tone = entry.status === 'CANCELLED' || entry.status === 'REJECTED' ? 'bad' : 'done';
        return (
          <li
            key={`${entry.status}-${entry.at}`}
            className={`timeline__item is-${tone} ${isLast ? 'is-current' : ''}`}
          >
            <span className="timeline__dot" aria-hidden="true">
              {tone === 'done' ? <CheckIcon size={12} /> : '×'}
            </span>
            <div>
              <p className="timeline__status">{t(`order.status.${entry.status}`)}</p>
              <p className="timeline__time small muted">
                <time dateTime={entry.at}>{date(entry.at, 'datetime')}</time>
              </p>
              {entry.reason ? <p className="timeline__reason small">{entry.reason}</p> : null}
            </div>
          </li>
        );
      })}
      {upcoming.map((status) => (
        <li key={status} className="timeline__item is-todo">
          <span className="timeline__dot" aria-hidden="true" />
          <p className="timeline__status">{t(`order.status.${status}`)}</p>
        </li>
      ))}
    </ol>
  );
}
