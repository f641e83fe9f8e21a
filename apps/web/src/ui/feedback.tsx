import type { ReactNode } from 'react';
import { isErrorCode } from '@souk/contracts';
import { isApiError, type ApiError } from '../api/api-error.js';
import { useI18n, type I18n } from '../i18n/i18n.js';
import { Button } from './button.js';
import { CODES_WITH_TELLING_DETAIL, ERROR_MESSAGES } from './error-messages.js';
import { AlertIcon, BoxIcon, InfoIcon } from './icons.js';

export type Tone = 'neutral' | 'success' | 'warning' | 'danger' | 'info' | 'accent';

export function Badge({ tone = 'neutral', children }: { tone?: Tone; children: ReactNode }) {
  return <span className={`badge badge--${tone}`}>{children}</span>;
}

export function Spinner({ label }: { label?: string }) {
  return (
    <span className="spinner-wrap" role="status">
      <span className="spinner" aria-hidden="true" />
      {label ? (
        <span className="spinner-label">{label}</span>
      ) : (
        <span className="visually-hidden">…</span>
      )}
    </span>
  );
}

/** A grey placeholder shaped like what is loading. */
export function Skeleton({
  width,
  height = '1em',
  radius,
  className,
}: {
  width?: string;
  height?: string;
  radius?: string;
  className?: string;
}) {
  return (
    <span
      className={`skeleton ${className ?? ''}`}
      style={{ width, height, borderRadius: radius }}
      aria-hidden="true"
    />
  );
}

export function EmptyState({
  title,
  text,
  action,
  icon,
  pageHeading = false,
}: {
  title: string;
  text?: string;
  action?: ReactNode;
  icon?: ReactNode;
  /** The state is the whole page (a 404): its title is the page's h1, which takes focus. */
  pageHeading?: boolean;
}) {
  return (
    <div className="state state--empty">
      <div className="state__icon">{icon ?? <BoxIcon size={36} />}</div>
      {pageHeading ? (
        <h1 className="state__title" tabIndex={-1}>
          {title}
        </h1>
      ) : (
        <h2 className="state__title">{title}</h2>
      )}
      {text ? <p className="state__text">{text}</p> : null}
      {action ? <div className="state__action">{action}</div> : null}
    </div>
  );
}

/**
 * The message to show for a failed call: a refusal the shopper can act on in their language, else
 * the problem's detail, or a friendly network message.
 */
export function useErrorMessage(): (error: unknown) => string {
  const { t } = useI18n();
  return (error) => {
    if (!isApiError(error)) return t('error.generic');
    if (error.isNetworkError) return t('error.network');
    return actionableRefusal(error, t) ?? messageFor(error, t);
  };
}

/** Limits the order service enforces, recognised by the figures their problem carries. */
function actionableRefusal(error: ApiError, t: I18n['t']): string | undefined {
  const { unpaidOrders, maxUnpaidOrders, maxUnitsPerLine } = error.problem;
  if (typeof unpaidOrders === 'number' && typeof maxUnpaidOrders === 'number')
    return t('error.tooManyUnpaidOrders', { count: unpaidOrders, max: maxUnpaidOrders });
  if (typeof maxUnitsPerLine === 'number')
    return t('error.maxUnitsPerLine', { max: maxUnitsPerLine });
  return undefined;
}

function messageFor(error: ApiError, t: I18n['t']): string {
  if (!isErrorCode(error.code)) return error.detail;
  if (CODES_WITH_TELLING_DETAIL.has(error.code) && error.detail) return error.detail;
  return t(ERROR_MESSAGES[error.code]);
}

export function ErrorState({
  title,
  error,
  onRetry,
  children,
}: {
  title: string;
  error?: unknown;
  onRetry?: () => void;
  /** More to say, under the error's message (e.g. what was kept). */
  children?: ReactNode;
}) {
  const { t } = useI18n();
  const message = useErrorMessage();
  return (
    <div className="state state--error" role="alert">
      <div className="state__icon">
        <AlertIcon size={36} />
      </div>
      <h2 className="state__title">{title}</h2>
      {error !== undefined ? <p className="state__text">{message(error)}</p> : null}
      {children}
      {onRetry ? (
        <div className="state__action">
          <Button variant="secondary" onClick={onRetry}>
            {t('app.retry')}
          </Button>
        </div>
      ) : null}
    </div>
  );
}

export function Alert({
  tone = 'info',
  title,
  children,
}: {
  tone?: 'info' | 'success' | 'warning' | 'danger';
  title?: string;
  children?: ReactNode;
}) {
  return (
    <div
      className={`alert alert--${tone}`}
      role={tone === 'danger' || tone === 'warning' ? 'alert' : 'status'}
    >
      <span className="alert__icon">
        {tone === 'info' || tone === 'success' ? <InfoIcon /> : <AlertIcon />}
      </span>
      <div>
        {title ? <p className="alert__title">{title}</p> : null}
        {children ? <div className="alert__body">{children}</div> : null}
      </div>
    </div>
  );
}
