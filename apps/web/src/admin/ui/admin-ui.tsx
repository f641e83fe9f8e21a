import { useMemo, type ReactNode } from 'react';
import type { OrderStatus } from '@souk/contracts';
import { useApi } from '../../api/services.js';
import { Button } from '../../ui/button.js';
import { isApiError } from '../../api/api-error.js';
import type { UseQueryResult } from '@tanstack/react-query';
import { Badge, ErrorState, Skeleton, useErrorMessage, type Tone } from '../../ui/feedback.js';
import { AlertIcon } from '../../ui/icons.js';
import { usePageTitle } from '../../ui/page-title.js';
import { createAdminApi, type AdminApi } from '../api/admin-api.js';
import { useAdminI18n } from '../i18n/admin-i18n.js';

/** The admin calls, on the app's HTTP client (one per API client). */
export function useAdminApi(): AdminApi {
  const api = useApi();
  return useMemo(() => createAdminApi(api.http), [api]);
}

/** The dashboard's page titles: "Commandes · Administration · Souk". */
export function useAdminPageTitle(title: string): void {
  const { t } = useAdminI18n();
  usePageTitle(`${title} · ${t('shell.title')}`);
}

/** A dashboard page's header; its title is the page's h1 and the document's title. */
export function PageHeader({
  title,
  eyebrow,
  actions,
  children,
}: {
  title: string;
  eyebrow?: ReactNode;
  actions?: ReactNode;
  children?: ReactNode;
}) {
  useAdminPageTitle(title);
  return (
    <header className="adm-page-header">
      <div className="adm-page-header__text">
        {eyebrow ? <p className="adm-eyebrow">{eyebrow}</p> : null}
        <h1 className="adm-page-header__title" tabIndex={-1}>
          {title}
        </h1>
        {children}
      </div>
      {actions ? <div className="adm-page-header__actions">{actions}</div> : null}
    </header>
  );
}

/** A titled card; `headingLevel` keeps the outline right inside pages. */
export function Panel({
  title,
  description,
  action,
  children,
  className,
  id,
}: {
  title?: string;
  description?: ReactNode;
  action?: ReactNode;
  children: ReactNode;
  className?: string;
  id?: string;
}) {
  return (
    <section
      id={id}
      className={`adm-panel ${className ?? ''}`}
      aria-labelledby={title && id ? `${id}-title` : undefined}
    >
      {title || action ? (
        <div className="adm-panel__header">
          <div>
            {title ? (
              <h2 className="adm-panel__title" id={id ? `${id}-title` : undefined}>
                {title}
              </h2>
            ) : null}
            {description ? <p className="adm-panel__desc">{description}</p> : null}
          </div>
          {action ? <div className="adm-panel__action">{action}</div> : null}
        </div>
      ) : null}
      {children}
    </section>
  );
}

/** A compact error inside a panel, with its retry: one failing call never blanks the page. */
export function InlineError({
  message,
  error,
  onRetry,
}: {
  message: string;
  error?: unknown;
  onRetry?: () => void;
}) {
  const { t } = useAdminI18n();
  const detail = useErrorMessage();
  return (
    <div className="adm-inline-error" role="alert">
      <AlertIcon size={22} />
      <div className="adm-inline-error__text">
        <p className="adm-inline-error__title">{message}</p>
        {error !== undefined ? <p className="adm-inline-error__detail">{detail(error)}</p> : null}
      </div>
      {onRetry ? (
        <Button variant="secondary" size="sm" onClick={onRetry}>
          {t('common.retry')}
        </Button>
      ) : null}
    </div>
  );
}

export function InlineEmpty({ children }: { children: ReactNode }) {
  return <p className="adm-inline-empty">{children}</p>;
}

export const STATUS_TONE: Record<OrderStatus, Tone> = {
  PENDING: 'neutral',
  AWAITING_PAYMENT: 'warning',
  PAID: 'info',
  SHIPPED: 'accent',
  DELIVERED: 'success',
  CANCELLED: 'danger',
  REJECTED: 'danger',
};

export function StatusBadge({ status }: { status: OrderStatus }) {
  const { t } = useAdminI18n();
  return (
    <Badge tone={STATUS_TONE[status]}>
      <span data-status={status}>{t(`status.${status}`)}</span>
    </Badge>
  );
}

/** Rows of grey bars shaped like the table that is loading. */
export function TableSkeleton({ rows = 6, columns = 4 }: { rows?: number; columns?: number }) {
  const { t } = useAdminI18n();
  return (
    <div className="adm-table-skeleton" aria-busy="true" role="status">
      <span className="visually-hidden">{t('common.loading')}</span>
      {Array.from({ length: rows }, (_, row) => (
        <div key={row} className="adm-table-skeleton__row">
          {Array.from({ length: columns }, (_, column) => (
            <Skeleton key={column} width={column === 0 ? '40%' : '18%'} height="1rem" />
          ))}
        </div>
      ))}
    </div>
  );
}

export function DefinitionList({ items }: { items: Array<[string, ReactNode]> }) {
  return (
    <dl className="adm-dl">
      {items.map(([term, value]) => (
        <div key={term} className="adm-dl__row">
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * What a detail page shows until its record is there: a skeleton while it loads, or the error
 * (a 404 as "not found", anything else with a retry).
 */
export function DetailPlaceholder<T>({
  title,
  back,
  query,
  loadError,
  skeletonHeight = '8rem',
}: {
  title: string;
  back: ReactNode;
  query: Pick<UseQueryResult<T>, 'status' | 'error' | 'refetch'>;
  loadError: string;
  skeletonHeight?: string;
}) {
  const { t } = useAdminI18n();
  if (query.status === 'error') {
    const missing = isApiError(query.error) && query.error.status === 404;
    return (
      <div className="adm-page">
        <PageHeader title={title} eyebrow={back} />
        <ErrorState
          title={missing ? t('common.notFound') : loadError}
          error={missing ? undefined : query.error}
          onRetry={missing ? undefined : () => void query.refetch()}
        />
      </div>
    );
  }
  return (
    <div className="adm-page" aria-busy="true">
      <PageHeader title={title} eyebrow={back} />
      <Panel>
        <Skeleton height={skeletonHeight} />
      </Panel>
    </div>
  );
}
