import { useEffect, useId, useRef, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { Button } from '../../ui/button.js';
import { Alert } from '../../ui/feedback.js';
import { useAdminI18n } from '../i18n/admin-i18n.js';

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * A modal dialog: focus moves into it and stays there (Tab wraps), Escape or the backdrop closes
 * it, and focus returns to what opened it.
 */
export function Dialog({
  title,
  onClose,
  children,
  footer,
  size = 'md',
}: {
  title: string;
  onClose(): void;
  children: ReactNode;
  footer?: ReactNode;
  size?: 'md' | 'lg';
}) {
  const { t } = useAdminI18n();
  const titleId = useId();
  const panelRef = useRef<HTMLDivElement>(null);
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    const panel = panelRef.current;
    const first =
      panel?.querySelector<HTMLElement>('[data-autofocus]') ??
      panel?.querySelector<HTMLElement>(FOCUSABLE);
    (first ?? panel)?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        event.stopPropagation();
        onCloseRef.current();
        return;
      }
      if (event.key !== 'Tab' || !panel) return;
      const items = [...panel.querySelectorAll<HTMLElement>(FOCUSABLE)];
      if (items.length === 0) return;
      const firstItem = items[0]!;
      const lastItem = items[items.length - 1]!;
      if (event.shiftKey && document.activeElement === firstItem) {
        event.preventDefault();
        lastItem.focus();
      } else if (!event.shiftKey && document.activeElement === lastItem) {
        event.preventDefault();
        firstItem.focus();
      }
    };
    document.addEventListener('keydown', onKey);
    const overflow = document.body.style.overflow;
    document.body.style.overflow = 'hidden';
    return () => {
      document.removeEventListener('keydown', onKey);
      document.body.style.overflow = overflow;
      opener?.focus?.();
    };
  }, []);

  return createPortal(
    // eslint-disable-next-line jsx-a11y/no-static-element-interactions -- a click on the backdrop is a mouse shortcut; keyboard users close with Escape (handled above) or the close button
    <div
      className="adm-dialog"
      onMouseDown={(event) => event.target === event.currentTarget && onClose()}
    >
      <div
        ref={panelRef}
        className={`adm-dialog__panel adm-dialog__panel--${size}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        tabIndex={-1}
      >
        <div className="adm-dialog__header">
          <h2 id={titleId} className="adm-dialog__title">
            {title}
          </h2>
          <button
            type="button"
            className="adm-dialog__close"
            onClick={onClose}
            aria-label={t('common.close')}
          >
            ×
          </button>
        </div>
        <div className="adm-dialog__body">{children}</div>
        {footer ? <div className="adm-dialog__footer">{footer}</div> : null}
      </div>
    </div>,
    document.body,
  );
}

export interface ConfirmDialogProps {
  title: string;
  children?: ReactNode;
  confirmLabel: string;
  /**
   * The button that closes without acting (default "Go back"): never "Cancel", which reads like
   * the action itself when the action cancels something.
   */
  dismissLabel?: string;
  tone?: 'danger' | 'primary';
  busy?: boolean;
  /** When the action cannot succeed as things stand (e.g. after a 409 that explains why). */
  confirmDisabled?: boolean;
  /** Shown in the dialog when the action failed (e.g. a 409 explained). */
  error?: ReactNode;
  onConfirm(): void;
  onClose(): void;
}

/** "Are you sure?" with the consequences spelt out; the action's error stays in the dialog. */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  dismissLabel,
  tone = 'danger',
  busy,
  confirmDisabled,
  error,
  onConfirm,
  onClose,
}: ConfirmDialogProps) {
  const { t } = useAdminI18n();
  return (
    <Dialog
      title={title}
      onClose={onClose}
      footer={
        <>
          <Button variant="secondary" onClick={onClose} data-autofocus>
            {dismissLabel ?? t('common.back')}
          </Button>
          <Button
            variant={tone === 'danger' ? 'danger' : 'primary'}
            className={tone === 'danger' ? 'btn--danger-solid' : undefined}
            loading={busy}
            disabled={confirmDisabled}
            onClick={onConfirm}
          >
            {confirmLabel}
          </Button>
        </>
      }
    >
      {children}
      {error ? <Alert tone="danger">{error}</Alert> : null}
    </Dialog>
  );
}
