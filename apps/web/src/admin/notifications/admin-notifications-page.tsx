import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { Notification, NotificationPage } from '@souk/contracts';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { notificationKeys } from '../../api/query-keys.js';
import { Button } from '../../ui/button.js';
import { Pagination } from '../../ui/controls.js';
import { EmptyState, useErrorMessage } from '../../ui/feedback.js';
import { BellIcon, CheckIcon } from '../../ui/icons.js';
import { useToast } from '../../ui/toast.js';
import { useAdminI18n } from '../i18n/admin-i18n.js';
import { InlineError, PageHeader, Panel, TableSkeleton, useAdminApi } from '../ui/admin-ui.js';

const PAGE_SIZE = 20;

/** `/admin/notifications?unread=1&page=2`: the messages shared by administrators (audience ADMIN). */
export function AdminNotificationsPage() {
  const { t, tp, locale, date } = useAdminI18n();
  const api = useAdminApi();
  const toast = useToast();
  const message = useErrorMessage();
  const [params, setParams] = useSearchParams();
  const unreadOnly = params.get('unread') === '1';
  const pageParam = Number(params.get('page'));
  const page = Number.isInteger(pageParam) && pageParam > 1 ? pageParam : 1;
  const query = { page, pageSize: PAGE_SIZE, unread: unreadOnly || undefined };
  const queryClient = useQueryClient();
  // A new message arriving live shows up here too: the stream invalidates the notifications.
  const listKey = notificationKeys.list({ ...query, audience: 'ADMIN' });
  const list = useQuery({
    queryKey: listKey,
    queryFn: ({ signal }) => api.notifications.list(query, signal),
    placeholderData: keepPreviousData,
  });
  const [busy, setBusy] = useState<string>();

  const go = (change: { unread?: boolean; page?: number }) => {
    const next = new URLSearchParams();
    if (change.unread ?? unreadOnly) next.set('unread', '1');
    if ((change.page ?? 1) > 1) next.set('page', String(change.page));
    setParams(next);
  };
  const markRead = async (notification: Notification) => {
    setBusy(notification.id);
    try {
      const updated = await api.notifications.read(notification.id);
      queryClient.setQueryData(listKey, (current: NotificationPage | undefined) =>
        current
          ? {
              ...current,
              items: current.items.map((item) => (item.id === updated.id ? updated : item)),
              unreadCount: Math.max(0, current.unreadCount - 1),
            }
          : current,
      );
      void queryClient.invalidateQueries({ queryKey: notificationKeys.latest() });
    } catch (error) {
      toast({ tone: 'danger', title: message(error) });
    } finally {
      setBusy(undefined);
    }
  };
  const markAll = async () => {
    setBusy('all');
    try {
      await api.notifications.readAll();
      toast({ tone: 'success', title: t('notifications.allRead') });
      await queryClient.invalidateQueries({ queryKey: notificationKeys.all });
    } catch (error) {
      toast({ tone: 'danger', title: message(error) });
    } finally {
      setBusy(undefined);
    }
  };

  const unread = list.data?.unreadCount ?? 0;
  return (
    <div className="adm-page">
      <PageHeader
        title={t('notifications.title')}
        actions={
          unread > 0 ? (
            <Button
              variant="secondary"
              icon={<CheckIcon size={18} />}
              loading={busy === 'all'}
              onClick={() => void markAll()}
            >
              {t('notifications.markAllRead')}
            </Button>
          ) : undefined
        }
      >
        <p className="adm-page-header__meta">{t('notifications.subtitle')}</p>
      </PageHeader>
      <Panel>
        <div className="adm-toolbar adm-toolbar--inline">
          <div className="adm-segmented" role="group" aria-label={t('notifications.filter')}>
            <button
              type="button"
              className={`adm-segmented__btn ${!unreadOnly ? 'is-active' : ''}`}
              aria-pressed={!unreadOnly}
              onClick={() => go({ unread: false })}
            >
              {t('notifications.all')}
            </button>
            <button
              type="button"
              className={`adm-segmented__btn ${unreadOnly ? 'is-active' : ''}`}
              aria-pressed={unreadOnly}
              onClick={() => go({ unread: true })}
            >
              {t('notifications.unreadOnly')}
              {list.data ? ` (${list.data.unreadCount})` : ''}
            </button>
          </div>
          <p className="adm-muted small" aria-live="polite">
            {list.data ? tp('notifications.unreadCount', unread) : '\u00a0'} ·{' '}
            {t('notifications.sharedNote')}
          </p>
        </div>
        {list.status === 'error' && !list.data ? (
          <InlineError
            message={t('notifications.loadError')}
            error={list.error}
            onRetry={() => void list.refetch()}
          />
        ) : !list.data ? (
          <TableSkeleton rows={4} columns={2} />
        ) : list.data.items.length === 0 ? (
          <EmptyState
            icon={<BellIcon size={36} />}
            title={unreadOnly ? t('notifications.emptyUnread') : t('notifications.empty')}
          />
        ) : (
          <>
            <ul className="adm-notifs" data-testid="admin-notifications">
              {list.data.items.map((item) => {
                const isUnread = item.readAt === null;
                return (
                  <li key={item.id} className={`adm-notif ${isUnread ? 'is-unread' : ''}`}>
                    <span
                      className={`adm-notif__dot ${isUnread ? '' : 'is-read'}`}
                      aria-hidden="true"
                    />
                    <div className="adm-notif__text">
                      <p className="adm-notif__title">
                        {item.link ? (
                          <Link to={item.link}>{item.title[locale]}</Link>
                        ) : (
                          item.title[locale]
                        )}
                        <span className="visually-hidden">
                          {' '}
                          ({isUnread ? t('notifications.unread') : t('notifications.read')})
                        </span>
                      </p>
                      <p className="adm-notif__body">{item.body[locale]}</p>
                      <p className="adm-notif__meta">
                        <time dateTime={item.createdAt}>{date(item.createdAt, 'datetime')}</time>
                      </p>
                    </div>
                    {isUnread ? (
                      <Button
                        variant="ghost"
                        size="sm"
                        loading={busy === item.id}
                        disabled={busy !== undefined && busy !== item.id}
                        onClick={() => void markRead(item)}
                      >
                        {t('notifications.markRead')}
                      </Button>
                    ) : null}
                  </li>
                );
              })}
            </ul>
            <Pagination
              page={page}
              pageSize={PAGE_SIZE}
              total={list.data.total}
              onPage={(next) => go({ page: next })}
            />
          </>
        )}
      </Panel>
    </div>
  );
}
