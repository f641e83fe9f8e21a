import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import type { AdminUser, ClientProfile } from '@souk/contracts';
import { isApiError } from '../../api/api-error.js';
import { useAuth } from '../../api/services.js';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { clientKeys, orderKeys, userKeys } from '../../api/query-keys.js';
import { AddressBlock } from '../../order/order-bits.js';
import { Button } from '../../ui/button.js';
import { Pagination } from '../../ui/controls.js';
import { Alert, Badge, useErrorMessage } from '../../ui/feedback.js';
import { TextField } from '../../ui/field.js';
import { TrashIcon } from '../../ui/icons.js';
import { useToast } from '../../ui/toast.js';
import { useAdminI18n } from '../i18n/admin-i18n.js';
import { OrdersTable } from '../ui/orders-table.js';
import { ArrowLeftIcon, PencilIcon } from '../ui/admin-icons.js';
import {
  DefinitionList,
  DetailPlaceholder,
  InlineEmpty,
  InlineError,
  PageHeader,
  Panel,
  TableSkeleton,
  useAdminApi,
} from '../ui/admin-ui.js';
import { ConfirmDialog, Dialog } from '../ui/dialog.js';
import { ClientStatusBadge } from './clients-page.js';

const ORDERS_PAGE_SIZE = 10;
const PHONE = /^\+?[0-9]{7,15}$/;

type Pending = 'disable' | 'enable' | 'delete' | undefined;

export function ClientPage() {
  const { id = '' } = useParams();
  const { t, tp, date } = useAdminI18n();
  const api = useAdminApi();
  const auth = useAuth();
  const toast = useToast();
  const message = useErrorMessage();
  const queryClient = useQueryClient();
  const profile = useQuery({
    queryKey: clientKeys.detail(id),
    queryFn: ({ signal }) => api.clients.get(id, signal),
  });
  const userId = profile.data?.userId;
  // The auth account is the source of truth for "disabled"; the profile follows through an event.
  const account = useQuery({
    queryKey: userKeys.detail(userId ?? ''),
    queryFn: ({ signal }) => api.users.get(userId!, signal),
    enabled: userId !== undefined,
  });
  const [ordersPage, setOrdersPage] = useState(1);
  const ordersQuery = { userId: userId ?? '', page: ordersPage, pageSize: ORDERS_PAGE_SIZE };
  const orders = useQuery({
    queryKey: orderKeys.list(ordersQuery),
    queryFn: ({ signal }) => api.orders.list(ordersQuery, signal),
    placeholderData: keepPreviousData,
    enabled: userId !== undefined,
  });
  const [editing, setEditing] = useState(false);
  const [pending, setPending] = useState<Pending>();
  const [actionState, setActionState] = useState<{ busy: boolean; error?: string }>({
    busy: false,
  });
  const lookAgain = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(lookAgain.current), []);

  const back = (
    <Link to="/admin/clients" className="adm-back">
      <ArrowLeftIcon size={16} /> {t('nav.clients')}
    </Link>
  );
  if (!profile.data)
    return (
      <DetailPlaceholder
        title={t('client.title')}
        back={back}
        query={profile}
        loadError={t('client.loadError')}
      />
    );

  const client = profile.data;
  const name = `${client.firstName} ${client.lastName}`;
  const disabled = account.data?.disabled ?? client.disabled;
  const shown = { disabled, deleted: client.deleted };

  const run = async () => {
    setActionState({ busy: true });
    try {
      if (pending === 'delete') {
        await api.clients.remove(client.id);
        toast({ tone: 'success', title: t('client.deletedToast', { name }) });
        await queryClient.invalidateQueries({ queryKey: clientKeys.all });
      } else if (pending) {
        const updated: AdminUser = await api.users.setDisabled(
          client.userId,
          pending === 'disable',
        );
        queryClient.setQueryData(userKeys.detail(updated.id), updated);
        toast({
          tone: 'success',
          title: t(pending === 'disable' ? 'client.disabledToast' : 'client.enabledToast', {
            name,
          }),
          body: t('client.accountPending'),
        });
      }
      setPending(undefined);
      setActionState({ busy: false });
      // The profile's copy of the account state arrives through an event: look again shortly.
      clearTimeout(lookAgain.current);
      lookAgain.current = setTimeout(
        () =>
          void queryClient
            .invalidateQueries({ queryKey: clientKeys.all })
            .then(() =>
              queryClient.invalidateQueries({ queryKey: userKeys.detail(client.userId) }),
            ),
        1_500,
      );
    } catch (error) {
      const selfLockout =
        isApiError(error) && error.status === 403 && client.userId === auth.state.user?.id;
      setActionState({
        busy: false,
        error: selfLockout ? t('client.selfLockout') : message(error),
      });
    }
  };

  return (
    <div className="adm-page">
      <PageHeader
        title={name}
        eyebrow={back}
        actions={
          client.deleted ? undefined : (
            <>
              <Button
                variant="secondary"
                size="sm"
                icon={<PencilIcon size={16} />}
                onClick={() => setEditing(true)}
              >
                {t('common.edit')}
              </Button>
              <Button
                variant="secondary"
                size="sm"
                onClick={() => (
                  setPending(disabled ? 'enable' : 'disable'),
                  setActionState({ busy: false })
                )}
                disabled={!account.data && account.status !== 'error'}
              >
                {disabled ? t('client.enable') : t('client.disable')}
              </Button>
              <Button
                variant="danger"
                size="sm"
                icon={<TrashIcon size={16} />}
                onClick={() => (setPending('delete'), setActionState({ busy: false }))}
              >
                {t('common.delete')}
              </Button>
            </>
          )
        }
      >
        <p className="adm-page-header__meta">
          <span className="adm-table__break">{client.email}</span>{' '}
          <ClientStatusBadge client={shown} />
        </p>
      </PageHeader>

      {client.deleted ? <Alert tone="warning">{t('client.deletedNotice')}</Alert> : null}

      <div className="adm-grid adm-grid--detail">
        <Panel title={t('client.profile')} id="client-profile">
          <DefinitionList
            items={[
              [t('client.email'), <span className="adm-table__break">{client.email}</span>],
              [t('client.phone'), client.phone ?? t('common.none')],
              [t('client.since'), date(client.createdAt)],
              [t('client.account'), <ClientStatusBadge client={shown} />],
            ]}
          />
          {account.status === 'error' ? (
            <InlineError
              message={t('common.loadError')}
              error={account.error}
              onRetry={() => void account.refetch()}
            />
          ) : null}
        </Panel>
        <Panel title={t('client.addresses')} id="client-addresses">
          {client.addresses.length === 0 ? (
            <InlineEmpty>{t('client.noAddresses')}</InlineEmpty>
          ) : (
            <ul className="adm-addresses">
              {client.addresses.map((address) => (
                <li key={address.id} className="adm-address">
                  <p className="adm-address__label">
                    {address.label ?? address.fullName}{' '}
                    {address.isDefault ? (
                      <Badge tone="accent">{t('client.defaultAddress')}</Badge>
                    ) : null}
                  </p>
                  <AddressBlock address={address} className="adm-address-block" />
                </li>
              ))}
            </ul>
          )}
        </Panel>
      </div>

      <Panel
        title={t('client.orders')}
        id="client-orders"
        description={orders.data ? tp('orders.count', orders.data.total) : undefined}
      >
        {orders.status === 'error' && !orders.data ? (
          <InlineError
            message={t('client.ordersError')}
            error={orders.error}
            onRetry={() => void orders.refetch()}
          />
        ) : !orders.data ? (
          <TableSkeleton rows={3} columns={5} />
        ) : orders.data.items.length === 0 ? (
          <InlineEmpty>{t('client.noOrders')}</InlineEmpty>
        ) : (
          <>
            <OrdersTable
              orders={orders.data.items}
              caption={t('client.orders')}
              showCustomer={false}
              refreshing={orders.isFetching}
            />
            <Pagination
              page={ordersPage}
              pageSize={ORDERS_PAGE_SIZE}
              total={orders.data.total}
              onPage={setOrdersPage}
            />
          </>
        )}
      </Panel>

      {editing ? (
        <ClientEditDialog
          client={client}
          onClose={() => setEditing(false)}
          onSaved={(saved) => {
            queryClient.setQueryData(clientKeys.detail(saved.id), saved);
            void queryClient.invalidateQueries({ queryKey: clientKeys.lists() });
            setEditing(false);
          }}
        />
      ) : null}
      {pending ? (
        <ConfirmDialog
          title={t(
            pending === 'delete'
              ? 'client.deleteTitle'
              : pending === 'disable'
                ? 'client.disableTitle'
                : 'client.enableTitle',
            { name },
          )}
          confirmLabel={
            pending === 'delete'
              ? t('common.delete')
              : pending === 'disable'
                ? t('client.disable')
                : t('client.enable')
          }
          tone={pending === 'enable' ? 'primary' : 'danger'}
          busy={actionState.busy}
          error={actionState.error}
          onConfirm={() => void run()}
          onClose={() => setPending(undefined)}
        >
          <p>
            {t(
              pending === 'delete'
                ? 'client.deleteText'
                : pending === 'disable'
                  ? 'client.disableText'
                  : 'client.enableText',
            )}
          </p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}

function ClientEditDialog({
  client,
  onClose,
  onSaved,
}: {
  client: ClientProfile;
  onClose(): void;
  onSaved(client: ClientProfile): void;
}) {
  const { t } = useAdminI18n();
  const api = useAdminApi();
  const toast = useToast();
  const message = useErrorMessage();
  const [firstName, setFirstName] = useState(client.firstName);
  const [lastName, setLastName] = useState(client.lastName);
  const [phone, setPhone] = useState(client.phone ?? '');
  const [errors, setErrors] = useState<{ firstName?: string; lastName?: string; phone?: string }>(
    {},
  );
  const [formError, setFormError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const next: typeof errors = {};
    const first = firstName.trim();
    const last = lastName.trim();
    const tel = phone.replace(/[\s.()-]/g, '');
    if (!first || first.length > 100) next.firstName = t('client.error.name');
    if (!last || last.length > 100) next.lastName = t('client.error.name');
    if (tel && !PHONE.test(tel)) next.phone = t('client.error.phone');
    setErrors(next);
    setFormError(undefined);
    if (Object.keys(next).length > 0) return;
    setBusy(true);
    try {
      const saved = await api.clients.update(client.id, {
        firstName: first,
        lastName: last,
        phone: tel || null,
      });
      toast({ tone: 'success', title: t('client.saved') });
      onSaved(saved);
    } catch (error) {
      setFormError(message(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={t('client.editTitle')}
      onClose={onClose}
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" form="client-form" loading={busy}>
            {t('common.save')}
          </Button>
        </>
      }
    >
      <form id="client-form" className="stack" onSubmit={submit} noValidate>
        {formError ? <Alert tone="danger">{formError}</Alert> : null}
        <div className="form-grid form-grid--2">
          <TextField
            label={t('client.firstName')}
            value={firstName}
            onChange={(event) => setFirstName(event.target.value)}
            error={errors.firstName}
            maxLength={100}
            autoComplete="off"
            data-autofocus
          />
          <TextField
            label={t('client.lastName')}
            value={lastName}
            onChange={(event) => setLastName(event.target.value)}
            error={errors.lastName}
            maxLength={100}
            autoComplete="off"
          />
        </div>
        <TextField
          label={t('client.phone')}
          value={phone}
          onChange={(event) => setPhone(event.target.value)}
          error={errors.phone}
          hint={t('client.phoneHint')}
          type="tel"
          optional={t('common.optional')}
          autoComplete="off"
        />
      </form>
    </Dialog>
  );
}
