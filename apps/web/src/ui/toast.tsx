import { createContext, useCallback, useContext, useRef, useState, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n.js';

export interface Toast {
  id: number;
  tone: 'info' | 'success' | 'warning' | 'danger';
  title: string;
  body?: string;
}

type ShowToast = (toast: Omit<Toast, 'id'>) => void;

const ToastContext = createContext<ShowToast>(() => {});

const TOAST_MS = 6_000;
/**
 * One on screen at a time: a newer one takes the place of the older (the bell keeps every live
 * message), so the stack never grows down over the page.
 */
const MAX_VISIBLE = 1;

const isSame = (a: Omit<Toast, 'id'>, b: Omit<Toast, 'id'>) =>
  a.tone === b.tone && a.title === b.title && a.body === b.body;

/**
 * Toasts in a polite live region: screen readers announce them without moving the focus. They are
 * for what the page does not show by itself (a page shows its own results inline), and sit at the
 * top under the header, away from the buy, checkout and pay buttons and the totals. A toast
 * already on screen is not shown twice.
 */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextId = useRef(1);
  const { t } = useI18n();

  const dismiss = useCallback(
    (id: number) => setToasts((list) => list.filter((toast) => toast.id !== id)),
    [],
  );
  const show = useCallback<ShowToast>(
    (toast) => {
      const id = nextId.current++;
      setToasts((list) =>
        list.some((shown) => isSame(shown, toast))
          ? list
          : [...list, { ...toast, id }].slice(-MAX_VISIBLE),
      );
      setTimeout(() => dismiss(id), TOAST_MS);
    },
    [dismiss],
  );

  return (
    <ToastContext.Provider value={show}>
      {children}
      <div className="toasts" aria-live="polite" aria-relevant="additions" data-testid="toasts">
        {toasts.map((toast) => (
          <div key={toast.id} className={`toast toast--${toast.tone}`} data-testid="toast">
            <div className="toast__text">
              <p className="toast__title">{toast.title}</p>
              {toast.body ? <p className="toast__body">{toast.body}</p> : null}
            </div>
            <button
              type="button"
              className="toast__close"
              onClick={() => dismiss(toast.id)}
              aria-label={t('app.close')}
            >
              ×
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export function useToast(): ShowToast {
  return useContext(ToastContext);
}
