import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { ClientProfile } from '@souk/contracts';
import { isApiError } from '../api/api-error.js';
import { myProfileQuery } from '../api/queries.js';
import { clientKeys } from '../api/query-keys.js';
import { useApi, useSessionState } from '../api/services.js';
import { AddressFields } from '../address/address-fields.js';
import {
  EMPTY_ADDRESS,
  toShippingAddress,
  validateAddress,
  type AddressForm,
} from '../address/address-validation.js';
import { useI18n, type MessageKey } from '../i18n/i18n.js';
import { Button } from '../ui/button.js';
import { Alert, Badge, ErrorState, Skeleton, useErrorMessage } from '../ui/feedback.js';
import { TextField } from '../ui/field.js';
import { useToast } from '../ui/toast.js';
import { passwordRejectionMessage } from './password-rejection.js';
import { usePageTitle } from '../ui/page-title.js';

function ProfileForm({
  profile,
  onSaved,
}: {
  profile: ClientProfile;
  onSaved(profile: ClientProfile): void;
}) {
  const api = useApi();
  const { t } = useI18n();
  const toast = useToast();
  const errorMessage = useErrorMessage();
  const [firstName, setFirstName] = useState(profile.firstName);
  const [lastName, setLastName] = useState(profile.lastName);
  const [phone, setPhone] = useState(profile.phone ?? '');
  const [busy, setBusy] = useState(false);
  const phoneDigits = phone.replace(/[\s().-]/g, '');
  const phoneError =
    phoneDigits && !/^\+?[0-9]{7,15}$/.test(phoneDigits) ? t('address.error.phone') : undefined;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!firstName.trim() || !lastName.trim() || phoneError) return;
    setBusy(true);
    try {
      onSaved(
        await api.clients.update({
          firstName: firstName.trim(),
          lastName: lastName.trim(),
          phone: phoneDigits || null,
        }),
      );
      toast({ tone: 'success', title: t('account.saved') });
    } catch (error) {
      toast({ tone: 'danger', title: t('error.generic'), body: errorMessage(error) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="stack" onSubmit={(event) => void submit(event)} noValidate>
      <div className="form-grid form-grid--2">
        <TextField
          label={t('auth.firstName')}
          value={firstName}
          onChange={(e) => setFirstName(e.target.value)}
          error={!firstName.trim() ? t('auth.error.required') : undefined}
          autoComplete="given-name"
        />
        <TextField
          label={t('auth.lastName')}
          value={lastName}
          onChange={(e) => setLastName(e.target.value)}
          error={!lastName.trim() ? t('auth.error.required') : undefined}
          autoComplete="family-name"
        />
        <TextField
          label={t('auth.email')}
          value={profile.email}
          readOnly
          disabled
          fieldClassName="span-2"
        />
        <TextField
          label={t('auth.phone')}
          type="tel"
          value={phone}
          onChange={(e) => setPhone(e.target.value)}
          error={phoneError}
          optional={t('app.optional')}
          autoComplete="tel"
        />
      </div>
      <div className="form-actions">
        <Button type="submit" loading={busy}>
          {t('app.save')}
        </Button>
      </div>
    </form>
  );
}

function Addresses({ profile, reload }: { profile: ClientProfile; reload(): Promise<void> }) {
  const api = useApi();
  const { t, locale } = useI18n();
  const toast = useToast();
  const errorMessage = useErrorMessage();
  const [adding, setAdding] = useState(false);
  const [form, setForm] = useState<AddressForm>({
    ...EMPTY_ADDRESS,
    fullName: `${profile.firstName} ${profile.lastName}`,
  });
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const errors = validateAddress(form);
  const regions = new Intl.DisplayNames([locale], { type: 'region' });
  const run = async (work: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await work();
      toast({ tone: 'success', title: done });
      await reload();
      return true;
    } catch (error) {
      toast({ tone: 'danger', title: t('error.generic'), body: errorMessage(error) });
      return false;
    } finally {
      setBusy(false);
    }
  };
  const add = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (Object.keys(errors).length > 0) return;
    if (
      await run(() => api.clients.addAddress(toShippingAddress(form)), t('account.addressSaved'))
    ) {
      setAdding(false);
      setSubmitted(false);
      setForm({ ...EMPTY_ADDRESS, fullName: form.fullName });
    }
  };
  return (
    <div className="stack">
      {profile.addresses.length === 0 ? <p className="muted">{t('account.noAddresses')}</p> : null}
      <ul className="address-cards">
        {profile.addresses.map((address) => (
          <li key={address.id} className="address-card">
            <div>
              <p className="row">
                <strong>{address.label ?? address.fullName}</strong>
                {address.isDefault ? <Badge tone="accent">{t('address.default')}</Badge> : null}
              </p>
              <p className="small muted">
                {address.fullName}, {address.line1}
                {address.line2 ? `, ${address.line2}` : ''}, {address.postalCode} {address.city},{' '}
                {regions.of(address.country) ?? address.country}
              </p>
            </div>
            <div className="row">
              {!address.isDefault ? (
                <Button
                  size="sm"
                  variant="ghost"
                  disabled={busy}
                  onClick={() =>
                    void run(
                      () => api.clients.updateAddress(address.id, { isDefault: true }),
                      t('account.saved'),
                    )
                  }
                >
                  {t('address.makeDefault')}
                </Button>
              ) : null}
              <Button
                size="sm"
                variant="danger"
                disabled={busy}
                onClick={() =>
                  void run(() => api.clients.removeAddress(address.id), t('account.addressDeleted'))
                }
              >
                {t('app.delete')}
              </Button>
            </div>
          </li>
        ))}
      </ul>
      {adding ? (
        <form className="stack" onSubmit={(event) => void add(event)} noValidate>
          <AddressFields value={form} errors={submitted ? errors : {}} onChange={setForm} />
          <div className="form-actions">
            <Button type="submit" loading={busy}>
              {t('app.save')}
            </Button>
            <Button variant="secondary" onClick={() => setAdding(false)}>
              {t('app.cancel')}
            </Button>
          </div>
        </form>
      ) : (
        <Button variant="secondary" onClick={() => setAdding(true)}>
          {t('account.addAddress')}
        </Button>
      )}
    </div>
  );
}

function PasswordForm() {
  const api = useApi();
  const { t } = useI18n();
  const toast = useToast();
  const errorMessage = useErrorMessage();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [nextRefused, setNextRefused] = useState<MessageKey | undefined>();
  const [busy, setBusy] = useState(false);
  const nextError =
    submitted && (next.length < 8 || next.length > 128)
      ? t('auth.error.password')
      : nextRefused
        ? t(nextRefused)
        : undefined;
  const changeNext = (value: string) => {
    setNext(value);
    setNextRefused(undefined);
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    setError(undefined);
    if (!current || next.length < 8 || next.length > 128) return;
    setBusy(true);
    try {
      await api.auth.changePassword(current, next);
      toast({ tone: 'success', title: t('account.passwordChanged') });
      setCurrent('');
      setNext('');
      setSubmitted(false);
    } catch (failure) {
      const refused = passwordRejectionMessage(failure, 'newPassword');
      if (refused) setNextRefused(refused);
      else if (isApiError(failure) && failure.status === 429)
        setError(t('auth.tooMany', { seconds: failure.retryAfterSeconds ?? 60 }));
      else if (isApiError(failure) && failure.status === 401) setError(t('account.wrongPassword'));
      else setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="stack" onSubmit={(event) => void submit(event)} noValidate>
      {error ? <Alert tone="danger">{error}</Alert> : null}
      <div className="form-grid form-grid--2">
        <TextField
          label={t('account.currentPassword')}
          type="password"
          autoComplete="current-password"
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
          error={submitted && !current ? t('auth.error.required') : undefined}
        />
        <TextField
          label={t('account.newPassword')}
          type="password"
          autoComplete="new-password"
          value={next}
          onChange={(e) => changeNext(e.target.value)}
          hint={t('auth.passwordHint')}
          error={nextError}
        />
      </div>
      <div className="form-actions">
        <Button type="submit" loading={busy}>
          {t('account.changePassword')}
        </Button>
      </div>
    </form>
  );
}

const MAX_PROFILE_LOOKS = 10;

export function AccountPage() {
  const api = useApi();
  const { t } = useI18n();
  usePageTitle(t('account.title'));
  const session = useSessionState();
  const queryClient = useQueryClient();
  // Right after registering, the profile exists once the client service has heard of the account:
  // a 404 is asked again every 1.5 s, and after that many looks the error shows with its retry.
  const profile = useQuery({
    ...myProfileQuery(api),
    retry: (failures, error) =>
      failures < MAX_PROFILE_LOOKS && isApiError(error) && error.status === 404,
    retryDelay: 1_500,
  });
  const pending =
    profile.isPending && isApiError(profile.failureReason) && profile.failureReason.status === 404;
  const reload = () => queryClient.invalidateQueries({ queryKey: clientKeys.me() });

  return (
    <div className="container page">
      <div className="page__header">
        <div>
          <p className="muted account-email">{session.user?.email}</p>
          <h1 tabIndex={-1}>{t('account.title')}</h1>
        </div>
      </div>
      <div className="account-grid">
        <section className="card" aria-labelledby="profile-title">
          <div className="card__body stack">
            <h2 id="profile-title">{t('account.profile')}</h2>
            {pending ? (
              <Alert tone="info">{t('account.profilePending')}</Alert>
            ) : profile.status === 'error' ? (
              <ErrorState
                title={t('account.error')}
                error={profile.error}
                onRetry={() => void profile.refetch()}
              />
            ) : !profile.data ? (
              <div className="stack" aria-busy="true">
                <Skeleton height="2.6em" />
                <Skeleton height="2.6em" />
              </div>
            ) : (
              <ProfileForm
                key={profile.data.updatedAt}
                profile={profile.data}
                onSaved={(saved) => queryClient.setQueryData(clientKeys.me(), saved)}
              />
            )}
          </div>
        </section>
        <section className="card" aria-labelledby="addresses-title">
          <div className="card__body stack">
            <h2 id="addresses-title">{t('account.addresses')}</h2>
            {profile.data ? (
              <Addresses profile={profile.data} reload={reload} />
            ) : (
              <Skeleton height="4em" />
            )}
          </div>
        </section>
        <section className="card" aria-labelledby="password-title">
          <div className="card__body stack">
            <h2 id="password-title">{t('account.password')}</h2>
            <PasswordForm />
          </div>
        </section>
      </div>
    </div>
  );
}
