import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { latestNotificationsQuery } from '../api/queries.js';
import { useApi } from '../api/services.js';
import { useI18n } from '../i18n/i18n.js';
import { useMarkAllRead, useMarkRead } from './notification-reads.js';
import { Button } from '../ui/button.js';
import { Skeleton } from '../ui/feedback.js';
import { BellIcon } from '../ui/icons.js';
import { useDropdown } from '../ui/use-dropdown.js';

export function NotificationBell() {
  const { t, locale, date } = useI18n();
  const api = useApi();
  const latest = useQuery(latestNotificationsQuery(api));
  const markRead = useMarkRead();
  const markAllRead = useMarkAllRead();
  const dropdown = useDropdown();
  const unreadCount = latest.data?.unreadCount ?? 0;
  const items = latest.data?.items;

  const toggle = () => {
    // The list is kept fresh by the live stream; a failed load is tried again when opened.
    if (!dropdown.open && latest.isError) void latest.refetch();
    dropdown.toggle();
  };

  return (
    <div className="dropdown" ref={dropdown.rootRef}>
      <button
        ref={dropdown.buttonRef}
        type="button"
        className="icon-btn"
        aria-expanded={dropdown.open}
        aria-haspopup="true"
        onClick={toggle}
        aria-label={t('notif.bell', { count: unreadCount })}
        data-testid="notification-bell"
      >
        <BellIcon size={22} />
        <span
          className="count-badge"
          aria-hidden="true"
          hidden={unreadCount === 0}
          data-testid="notification-count"
        >
          {unreadCount > 99 ? '99+' : unreadCount}
        </span>
      </button>
      <span className="visually-hidden" aria-live="polite">
        {t('notif.bell', { count: unreadCount })}
      </span>
      {dropdown.open ? (
        <div className="dropdown__panel notif-panel" role="region" aria-label={t('notif.title')}>
          <div className="notif-panel__header">
            <h2 className="notif-panel__title">{t('notif.title')}</h2>
            {unreadCount > 0 ? (
              <Button variant="ghost" size="sm" onClick={() => markAllRead.mutate()}>
                {t('notif.readAll')}
              </Button>
            ) : null}
          </div>
          {latest.isError && !latest.isFetching ? (
            <p className="notif-panel__empty" role="alert">
              {t('notif.error')}
            </p>
          ) : !items ? (
            <ul className="notif-list" aria-busy="true">
              {[0, 1, 2].map((index) => (
                <li key={index} className="notif-item">
                  <Skeleton width="70%" />
                  <Skeleton width="90%" height="0.8em" />
                </li>
              ))}
            </ul>
          ) : items.length === 0 ? (
            <p className="notif-panel__empty">{t('notif.empty')}</p>
          ) : (
            <ul className="notif-list">
              {items.map((item) => {
                const unread = item.readAt === null;
                const open = () => {
                  if (unread) markRead.mutate(item.id);
                  dropdown.close();
                };
                return (
                  <li key={item.id} className={`notif-item ${unread ? 'is-unread' : ''}`}>
                    {item.link ? (
                      <Link to={item.link} onClick={open} className="notif-item__link">
                        <span className="notif-item__title">{item.title[locale]}</span>
                        <span className="notif-item__body">{item.body[locale]}</span>
                      </Link>
                    ) : (
                      <button type="button" onClick={open} className="notif-item__link">
                        <span className="notif-item__title">{item.title[locale]}</span>
                        <span className="notif-item__body">{item.body[locale]}</span>
                      </button>
                    )}
                    <span className="notif-item__meta">
                      {unread ? (
                        <>
                          <span className="dot" aria-hidden="true" />
                          <span className="visually-hidden">{t('notif.unread')}</span>
                        </>
                      ) : null}
                      <time dateTime={item.createdAt}>{date(item.createdAt, 'datetime')}</time>
                    </span>
                  </li>
                );
              })}
            </ul>
          )}
        </div>
      ) : null}
    </div>
  );
}
