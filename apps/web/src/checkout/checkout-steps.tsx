import { useI18n } from '../i18n/i18n.js';
import { CheckIcon } from '../ui/icons.js';

export function CheckoutSteps({ current }: { current: 1 | 2 | 3 }) {
  const { t } = useI18n();
  const steps = [t('checkout.stepAddress'), t('checkout.stepPayment'), t('checkout.stepDone')];
  return (
    <ol className="steps">
      {steps.map((label, index) => {
        const number = index + 1;
        const state = number < current ? 'done' : number === current ? 'current' : 'todo';
        return (
          <li
            key={label}
            className={`steps__item is-${state}`}
            aria-current={state === 'current' ? 'step' : undefined}
          >
            <span className="steps__dot">
              {state === 'done' ? <CheckIcon size={14} /> : number}
            </span>
            <span className="steps__label">{label}</span>
          </li>
        );
      })}
    </ol>
  );
}
