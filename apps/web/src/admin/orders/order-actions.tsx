import { useState } from 'react';
import { orderActionsFor, type Order, type OrderAction, type OrderStatus } from '@souk/contracts';
import { isApiError } from '../../api/api-error.js';
import { shortId } from '../../order/order-bits.js';
import { Button } from '../../ui/button.js';
import { Alert, useErrorMessage } from '../../ui/feedback.js';
import { TextAreaField } from '../../ui/field.js';
import { useToast } from '../../ui/toast.js';
import { useAdminI18n, type AdminKey } from '../i18n/admin-i18n.js';
import { TruckIcon } from '../ui/admin-icons.js';
import { useAdminApi } from '../ui/admin-ui.js';
import { ConfirmDialog } from '../ui/dialog.js';

const LABEL: Record<OrderAction, AdminKey> = {
  ship: 'order.markShipped',
  deliver: 'order.markDelivered',
  cancel: 'order.cancel',
  cancelRefund: 'order.cancelRefund',
};

const HINT: Partial<Record<OrderStatus, AdminKey>> = {
  PENDING: 'order.hintUnpaid',
  AWAITING_PAYMENT: 'order.hintUnpaid',
  PAID: 'order.hintPaid',
  SHIPPED: 'order.hintShipped',
};

/**
 * The buttons for the order's status. A 409 (the order moved on meanwhile: paid, cancelled by the
 * client or the payment timeout...) is explained with the status it has now, and the page reloads.
 */
export function OrderActions({
  order,
  onChanged,
  onConflict,
}: {
  order: Order;
  onChanged(order: Order): void;
  onConflict(): void;
}) {
  const { t, money } = useAdminI18n();
  const api = useAdminApi();
  const toast = useToast();
  const message = useErrorMessage();
  const [busy, setBusy] = useState<OrderAction>();
  const [confirming, setConfirming] = useState<'cancel' | 'cancelRefund'>();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  const number = shortId(order.id);
  // The order service's own transition table: a button is offered exactly when it would be accepted.
  const actions = orderActionsFor(order.status, 'admin');

  const explain = (action: OrderAction, failure: unknown) => {
    if (isApiError(failure) && failure.status === 409) {
      const current = failure.problem.currentStatus as OrderStatus | undefined;
      setError(
        t('order.conflict', {
          status: current ? t(`status.${current}`) : '?',
          action: t(LABEL[action]),
        }),
      );
      onConflict();
    } else setError(message(failure));
  };

  const changeStatus = async (action: 'ship' | 'deliver') => {
    setBusy(action);
    setError(undefined);
    try {
      const updated = await api.orders.setStatus(
        order.id,
        action === 'ship' ? 'SHIPPED' : 'DELIVERED',
      );
      // No toast: the page shows the new status.
      onChanged(updated);
    } catch (failure) {
      explain(action, failure);
    } finally {
      setBusy(undefined);
    }
  };

  const cancel = async () => {
    if (!confirming) return;
    const action = confirming;
    setBusy(action);
    setError(undefined);
    try {
      const updated = await api.orders.cancel(order.id, reason.trim() || undefined);
      onChanged(updated);
      setConfirming(undefined);
      // The page shows the new status; only the refund, which comes later, is news.
      if (action === 'cancelRefund')
        toast({
          tone: 'success',
          title: t('order.cancelledToast', { id: number }),
          body: t('order.refundFollows'),
        });
    } catch (failure) {
      setConfirming(undefined);
      explain(action, failure);
    } finally {
      setBusy(undefined);
    }
  };

  const hint = HINT[order.status];
  return (
    <div className="adm-order-actions" data-testid="order-actions">
      {hint ? <p className="adm-order-actions__hint">{t(hint)}</p> : null}
      {actions.length === 0 ? <p className="adm-inline-empty">{t('order.noActions')}</p> : null}
      {error ? <Alert tone="warning">{error}</Alert> : null}
      {actions.length > 0 ? (
        <div className="adm-order-actions__buttons">
          {actions.map((action) =>
            action === 'ship' || action === 'deliver' ? (
              <Button
                key={action}
                icon={<TruckIcon size={18} />}
                loading={busy === action}
                disabled={busy !== undefined}
                onClick={() => void changeStatus(action)}
                data-testid={`order-action-${action}`}
              >
                {t(LABEL[action])}
              </Button>
            ) : (
              <Button
                key={action}
                variant="danger"
                disabled={busy !== undefined}
                onClick={() => (setReason(''), setConfirming(action))}
                data-testid={`order-action-${action}`}
              >
                {t(LABEL[action])}
              </Button>
            ),
          )}
        </div>
      ) : null}
      {confirming ? (
        <ConfirmDialog
          title={t('order.cancelTitle', { id: number })}
          confirmLabel={t(LABEL[confirming])}
          dismissLabel={t('order.keep')}
          busy={busy === confirming}
          onConfirm={() => void cancel()}
          onClose={() => setConfirming(undefined)}
        >
          <p>
            {confirming === 'cancelRefund'
              ? t('order.cancelRefundText', { amount: money(order.total, order.currency) })
              : t('order.cancelText')}
          </p>
          <TextAreaField
            className="adm-textarea"
            label={t('order.reason')}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            rows={2}
            maxLength={500}
            optional={t('common.optional')}
          />
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
