import { Link, useSearchParams } from 'react-router';
import type { ClientSummary } from '@souk/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { clientKeys } from '../../api/query-keys.js';
import { Pagination } from '../../ui/controls.js';
import { Badge, EmptyState } from '../../ui/feedback.js';
import { CheckboxField } from '../../ui/field.js';
import { useAdminI18n } from '../i18n/admin-i18n.js';
import { InlineError, PageHeader, Panel, TableSkeleton, useAdminApi } from '../ui/admin-ui.js';
import { SearchBox } from '../ui/search-box.js';

const PAGE_SIZE = 20;

export function ClientStatusBadge({
  client,
}: {
  client: Pick<ClientSummary, 'disabled' | 'deleted'>;
}) {
  const { t } = useAdminI18n();
  if (client.deleted) return <Badge tone="danger">{t('clients.deletedBadge')}</Badge>;
  if (client.disabled) return <Badge tone="warning">{t('clients.disabled')}</Badge>;
  return <Badge tone="success">{t('clients.active')}</Badge>;
}

/** `/admin/clients?q=&deleted=1&page=2`: the search is in the URL. */
export function ClientsPage() {
  const { t, tp, date } = useAdminI18n();
  const api = useAdminApi();
  const [params, setParams] = useSearchParams();
  const q = (params.get('q') ?? '').trim().slice(0, 100);
  const includeDeleted = params.get('deleted') === '1';
  const pageParam = Number(params.get('page'));
  const page = Number.isInteger(pageParam) && pageParam > 1 ? pageParam : 1;
  const query = {
    q: q || undefined,
    includeDeleted: includeDeleted || undefined,
    page,
    pageSize: PAGE_SIZE,
  };
  const clients = useQuery({
    queryKey: clientKeys.list(query),
    queryFn: ({ signal }) => api.clients.search(query, signal),
    placeholderData: keepPreviousData,
  });

  const go = (change: { q?: string; deleted?: boolean; page?: number }) => {
    const next = new URLSearchParams();
    const nextQ = change.q ?? q;
    const nextDeleted = change.deleted ?? includeDeleted;
    if (nextQ) next.set('q', nextQ);
    if (nextDeleted) next.set('deleted', '1');
    const nextPage = change.page ?? 1;
    if (nextPage > 1) next.set('page', String(nextPage));
    setParams(next);
  };

  return (
    <div className="adm-page">
      <PageHeader title={t('clients.title')}>
        <p className="adm-page-header__meta" aria-live="polite">
          {clients.data ? tp('clients.count', clients.data.total) : '\u00a0'}
        </p>
      </PageHeader>
      <Panel>
        <div className="adm-toolbar adm-toolbar--wide">
          <SearchBox
            label={t('clients.searchLabel')}
            placeholder={t('clients.searchPlaceholder')}
            value={q}
            onSearch={(value) => go({ q: value })}
          />
          <CheckboxField
            label={t('clients.includeDeleted')}
            checked={includeDeleted}
            onChange={(event) => go({ deleted: event.target.checked })}
          />
        </div>
        {clients.status === 'error' && !clients.data ? (
          <InlineError
            message={t('clients.loadError')}
            error={clients.error}
            onRetry={() => void clients.refetch()}
          />
        ) : !clients.data ? (
          <TableSkeleton columns={4} />
        ) : clients.data.items.length === 0 ? (
          <EmptyState title={q ? t('clients.noMatch', { q }) : t('clients.empty')} />
        ) : (
          <>
            <div className={`adm-table-wrap ${clients.isFetching ? 'is-refreshing' : ''}`}>
              <table className="adm-table" data-testid="clients-table">
                <caption className="visually-hidden">{t('clients.title')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('clients.col.name')}</th>
                    <th scope="col">{t('clients.col.email')}</th>
                    <th scope="col">{t('clients.col.phone')}</th>
                    <th scope="col">{t('clients.col.status')}</th>
                    <th scope="col">{t('clients.col.since')}</th>
                  </tr>
                </thead>
                <tbody>
                  {clients.data.items.map((client) => (
                    <tr key={client.id}>
                      <th scope="row" className="adm-table__primary">
                        <Link to={`/admin/clients/${client.id}`}>
                          {client.firstName} {client.lastName}
                        </Link>
                      </th>
                      <td data-label={t('clients.col.email')} className="adm-table__break">
                        {client.email}
                      </td>
                      <td data-label={t('clients.col.phone')}>
                        {client.phone ?? t('common.none')}
                      </td>
                      <td data-label={t('clients.col.status')}>
                        <ClientStatusBadge client={client} />
                      </td>
                      <td data-label={t('clients.col.since')}>{date(client.createdAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pagination
              page={page}
              pageSize={PAGE_SIZE}
              total={clients.data.total}
              onPage={(next) => go({ page: next })}
            />
          </>
        )}
      </Panel>
    </div>
  );
}
