import { useState, type FormEvent } from 'react';
import type { Product } from '@souk/contracts';
import { Button } from '../../ui/button.js';
import { Badge, useErrorMessage } from '../../ui/feedback.js';
import { useAdminI18n } from '../i18n/admin-i18n.js';
import { PencilIcon } from './admin-icons.js';
import { useAdminApi } from './admin-ui.js';

/** At or below this, the table flags the stock as low (the product service's default threshold). */
export const LOW_STOCK_LEVEL = 5;

export function StockLevel({ stock }: { stock: number }) {
  const { t, number } = useAdminI18n();
  if (stock === 0) return <Badge tone="danger">{t('products.soldOut')}</Badge>;
  return (
    <span className="adm-stock">
      <span className="adm-stock__value">{number(stock)}</span>
      {stock <= LOW_STOCK_LEVEL ? <Badge tone="warning">{t('products.low')}</Badge> : null}
    </span>
  );
}

/** The stock of one product, changed in place: the pencil opens a number field, Enter saves. */
export function StockCell({
  product,
  onSaved,
}: {
  product: Product;
  onSaved(product: Product): void;
}) {
  const { t } = useAdminI18n();
  const api = useAdminApi();
  const message = useErrorMessage();
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState(String(product.stock));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const open = () => {
    setValue(String(product.stock));
    setError(undefined);
    setEditing(true);
  };
  const save = async (event: FormEvent) => {
    event.preventDefault();
    const stock = Number(value);
    if (value.trim() === '' || !Number.isInteger(stock) || stock < 0 || stock > 1_000_000) {
      setError(t('product.error.stock'));
      return;
    }
    if (stock === product.stock) {
      setEditing(false);
      return;
    }
    setBusy(true);
    try {
      const updated = await api.products.update(product.id, { stock });
      // No toast: the cell shows the new stock.
      onSaved(updated);
      setEditing(false);
    } catch (failure) {
      setError(message(failure));
    } finally {
      setBusy(false);
    }
  };

  if (!editing) {
    return (
      <span className="adm-stock-cell">
        <StockLevel stock={product.stock} />
        <button
          type="button"
          className="adm-icon-btn"
          onClick={open}
          aria-label={t('products.editStock', { name: product.name })}
          title={t('products.editStock', { name: product.name })}
        >
          <PencilIcon size={16} />
        </button>
      </span>
    );
  }
  const errorId = `stock-error-${product.id}`;
  return (
    // eslint-disable-next-line jsx-a11y/no-noninteractive-element-interactions -- Escape pressed in any control of the inline form cancels the edit; the form itself is never the target
    <form
      className="adm-stock-form"
      onSubmit={save}
      onKeyDown={(event) => event.key === 'Escape' && setEditing(false)}
      noValidate
    >
      <input
        className="input adm-stock-form__input"
        type="number"
        inputMode="numeric"
        min={0}
        max={1_000_000}
        step={1}
        value={value}
        onChange={(event) => setValue(event.target.value)}
        aria-label={t('products.editStock', { name: product.name })}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        // eslint-disable-next-line jsx-a11y/no-autofocus -- the input replaces the edit button the user just pressed: focus must move to it, not fall back to <body>
        autoFocus
      />
      <Button type="submit" size="sm" loading={busy}>
        {t('common.save')}
      </Button>
      <Button size="sm" variant="ghost" onClick={() => setEditing(false)} disabled={busy}>
        {t('common.cancel')}
      </Button>
      {error ? (
        <p className="field__error adm-stock-form__error" id={errorId} role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
}
