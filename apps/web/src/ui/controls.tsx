import { useId, useState } from 'react';
import { useI18n } from '../i18n/i18n.js';
import { ChevronIcon } from './icons.js';

/**
 * A quantity input bounded by 1 and `max`, with − and + buttons. A number typed above `max` is
 * brought down to it, and `limitNote` (e.g. "Only 3 available") says why, next to the control.
 */
export function QuantityStepper({
  value,
  max,
  onChange,
  label,
  disabled,
  limitNote,
}: {
  value: number;
  max: number;
  onChange(value: number): void;
  label: string;
  disabled?: boolean;
  limitNote?: string;
}) {
  const { t } = useI18n();
  const noteId = useId();
  const [overLimit, setOverLimit] = useState(false);
  const clamp = (next: number) => Math.max(1, Math.min(Math.max(1, max), Math.floor(next) || 1));
  const change = (next: number) => {
    setOverLimit(next > max);
    onChange(clamp(next));
  };
  return (
    <div className="stepper-field">
      <div className="stepper" role="group" aria-label={label}>
        <button
          type="button"
          className="stepper__btn"
          onClick={() => change(value - 1)}
          disabled={disabled || value <= 1}
          aria-label={t('product.decrease')}
        >
          −
        </button>
        <input
          className="stepper__input"
          type="number"
          inputMode="numeric"
          min={1}
          max={max}
          value={value}
          aria-label={label}
          aria-describedby={overLimit && limitNote ? noteId : undefined}
          disabled={disabled}
          onChange={(event) => change(Number(event.target.value))}
        />
        <button
          type="button"
          className="stepper__btn"
          onClick={() => change(value + 1)}
          disabled={disabled || value >= max}
          aria-label={t('product.increase')}
        >
          +
        </button>
      </div>
      <p className="stepper__limit" id={noteId} role="status">
        {overLimit && limitNote ? limitNote : null}
      </p>
    </div>
  );
}

export function Pagination({
  page,
  pageSize,
  total,
  onPage,
}: {
  page: number;
  pageSize: number;
  total: number;
  onPage(page: number): void;
}) {
  const { t } = useI18n();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) return null;
  const shown = pageWindow(page, pages);
  return (
    <nav className="pagination" aria-label={t('pagination.label')}>
      <button
        type="button"
        className="pagination__btn"
        onClick={() => onPage(page - 1)}
        disabled={page <= 1}
      >
        <ChevronIcon style={{ transform: 'rotate(180deg)' }} size={16} />
        <span>{t('pagination.previous')}</span>
      </button>
      <ul className="pagination__pages">
        {shown.map((number, index) =>
          number === null ? (
            <li key={`gap-${index}`} className="pagination__gap" aria-hidden="true">
              …
            </li>
          ) : (
            <li key={number}>
              <button
                type="button"
                className={`pagination__page ${number === page ? 'is-current' : ''}`}
                aria-current={number === page ? 'page' : undefined}
                aria-label={t('pagination.goto', { page: number })}
                onClick={() => onPage(number)}
              >
                {number}
              </button>
            </li>
          ),
        )}
      </ul>
      <span className="pagination__status">{t('pagination.page', { page, pages })}</span>
      <button
        type="button"
        className="pagination__btn"
        onClick={() => onPage(page + 1)}
        disabled={page >= pages}
      >
        <span>{t('pagination.next')}</span>
        <ChevronIcon size={16} />
      </button>
    </nav>
  );
}

/** 1 … 4 5 6 … 12: the first, the last, and the pages around the current one. */
export function pageWindow(page: number, pages: number): Array<number | null> {
  const wanted = new Set([1, pages, page - 1, page, page + 1].filter((n) => n >= 1 && n <= pages));
  const sorted = [...wanted].sort((a, b) => a - b);
  const result: Array<number | null> = [];
  for (const number of sorted) {
    const last = result[result.length - 1];
    if (typeof last === 'number' && number - last > 1) result.push(null);
    result.push(number);
  }
  return result;
}
