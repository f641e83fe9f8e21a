import { useState, type FormEvent } from 'react';
import { useI18n } from '../i18n/i18n.js';
import { Button } from '../ui/button.js';
import { TextField } from '../ui/field.js';
import { LockIcon } from '../ui/icons.js';
import {
  formatCardNumber,
  formatExpiry,
  TEST_CARDS,
  validateCard,
  type CardErrors,
  type CardForm,
} from './card-validation.js';

const EMPTY: CardForm = { holderName: '', number: '', expiry: '', cvc: '' };

/** Card details with inline validation (Luhn, expiry, CVC) and the sandbox's test cards. */
export function CardFormView({
  amountLabel,
  busy,
  onPay,
  resetToken,
}: {
  amountLabel: string;
  busy: boolean;
  onPay(form: CardForm): void;
  resetToken: number;
}) {
  const { t } = useI18n();
  const [form, setForm] = useState<CardForm>(EMPTY);
  const [touched, setTouched] = useState<Partial<Record<keyof CardForm, boolean>>>({});
  const [submitted, setSubmitted] = useState(false);
  const [lastReset, setLastReset] = useState(resetToken);
  if (resetToken !== lastReset) {
    // After a decline: keep the name, clear the card so another one is typed.
    setLastReset(resetToken);
    setForm((current) => ({ ...EMPTY, holderName: current.holderName }));
    setTouched({});
    setSubmitted(false);
  }
  const errors = validateCard(form);
  const shown: CardErrors = Object.fromEntries(
    Object.entries(errors).filter(([field]) => submitted || touched[field as keyof CardForm]),
  );
  const set = (field: keyof CardForm, value: string) =>
    setForm((current) => ({ ...current, [field]: value }));
  const blur = (field: keyof CardForm) => () =>
    setTouched((current) => ({ ...current, [field]: true }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (Object.keys(errors).length === 0) onPay(form);
  };
  const fillTestCard = (number: string) => {
    const nextYear = String((new Date().getFullYear() + 2) % 100).padStart(2, '0');
    setForm((current) => ({
      holderName: current.holderName || 'Test',
      number,
      expiry: `12/${nextYear}`,
      cvc: '123',
    }));
  };

  return (
    <form className="stack" onSubmit={submit} noValidate aria-label={t('checkout.payTitle')}>
      <TextField
        label={t('card.holderName')}
        autoComplete="cc-name"
        value={form.holderName}
        onChange={(e) => set('holderName', e.target.value)}
        onBlur={blur('holderName')}
        error={shown.holderName && t(shown.holderName)}
        name="holderName"
      />
      <TextField
        label={t('card.number')}
        autoComplete="cc-number"
        inputMode="numeric"
        value={form.number}
        onChange={(e) => set('number', formatCardNumber(e.target.value))}
        onBlur={blur('number')}
        error={shown.number && t(shown.number)}
        placeholder="4242 4242 4242 4242"
        name="cardNumber"
      />
      <div className="form-grid form-grid--2">
        <TextField
          label={t('card.expiry')}
          autoComplete="cc-exp"
          inputMode="numeric"
          value={form.expiry}
          onChange={(e) => set('expiry', formatExpiry(e.target.value))}
          onBlur={blur('expiry')}
          error={shown.expiry && t(shown.expiry)}
          placeholder="MM/AA"
          name="expiry"
        />
        <TextField
          label={t('card.cvc')}
          autoComplete="cc-csc"
          inputMode="numeric"
          maxLength={4}
          value={form.cvc}
          onChange={(e) => set('cvc', e.target.value.replace(/\D/g, ''))}
          onBlur={blur('cvc')}
          error={shown.cvc && t(shown.cvc)}
          name="cvc"
        />
      </div>
      <details className="test-cards">
        <summary>{t('checkout.testCards')}</summary>
        <ul>
          {TEST_CARDS.map((card) => (
            <li key={card.number}>
              <button
                type="button"
                className="test-cards__btn"
                onClick={() => fillTestCard(card.number)}
              >
                <code>{card.number}</code>
              </button>
              <span className="small muted"> — {t(card.outcome)}</span>
            </li>
          ))}
        </ul>
        <p className="small muted">{t('checkout.testCardHint')}</p>
      </details>
      <Button type="submit" size="lg" block loading={busy} icon={<LockIcon />} data-testid="pay">
        {busy ? t('checkout.paying') : t('checkout.pay', { amount: amountLabel })}
      </Button>
      <p className="small muted">{t('checkout.secure')}</p>
    </form>
  );
}
