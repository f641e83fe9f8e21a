import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { systemKeys } from '../../api/query-keys.js';
import { Button } from '../../ui/button.js';
import { Badge, useErrorMessage, type Tone } from '../../ui/feedback.js';
import { useToast } from '../../ui/toast.js';
import {
  BUS_SERVICES,
  type BusService,
  type DeadLetter,
  type SystemInstance,
  type SystemView,
} from '../api/admin-api.js';
import { useAdminI18n } from '../i18n/admin-i18n.js';
import { RefreshIcon } from '../ui/admin-icons.js';
import { InlineError, PageHeader, Panel, TableSkeleton, useAdminApi } from '../ui/admin-ui.js';
import { ConfirmDialog } from '../ui/dialog.js';

const REFRESH_MS = 15_000;
type Health = 'ready' | 'degraded' | 'down';
const HEALTH_TONE: Record<Health, Tone> = { ready: 'success', degraded: 'warning', down: 'danger' };
const INSTANCE_TONE: Record<SystemInstance['state'], Tone> = {
  ready: 'success',
  degraded: 'warning',
  not_ready: 'warning',
  unreachable: 'danger',
};

/**
 * A service is ready when every instance is, down when none serves, degraded in between (an
 * instance without its broker still serves).
 */
export function serviceHealth(instances: SystemInstance[]): Health {
  const serving = instances.filter(
    (instance) => instance.state === 'ready' || instance.state === 'degraded',
  ).length;
  if (serving === 0) return 'down';
  return instances.every((instance) => instance.state === 'ready') ? 'ready' : 'degraded';
}

export function SystemPage() {
  const { t, date } = useAdminI18n();
  const api = useAdminApi();
  // Health is not on the live stream: it is asked again every REFRESH_MS.
  const system = useQuery({
    queryKey: systemKeys.services(),
    queryFn: ({ signal }) => api.system.services(signal),
    refetchInterval: REFRESH_MS,
  });

  return (
    <div className="adm-page">
      <PageHeader
        title={t('system.title')}
        actions={
          <Button
            variant="secondary"
            icon={<RefreshIcon size={18} />}
            loading={system.isFetching && system.data !== undefined}
            onClick={() => void system.refetch()}
          >
            {t('common.refresh')}
          </Button>
        }
      >
        <p className="adm-page-header__meta" aria-live="polite">
          {t('system.subtitle')}{' '}
          {system.data
            ? `${t('system.checkedAt', { time: date(system.data.checkedAt, 'time') })}. ${t('system.autoRefresh')}`
            : null}
        </p>
      </PageHeader>

      <section aria-labelledby="system-services-title" className="adm-section">
        <h2 id="system-services-title" className="adm-section__title">
          {t('system.services')}
        </h2>
        {system.status === 'error' && !system.data ? (
          <Panel>
            <InlineError
              message={t('system.loadError')}
              error={system.error}
              onRetry={() => void system.refetch()}
            />
          </Panel>
        ) : !system.data ? (
          <Panel>
            <TableSkeleton rows={4} columns={3} />
          </Panel>
        ) : (
          <>
            {system.status === 'error' ? (
              <InlineError
                message={t('system.loadError')}
                error={system.error}
                onRetry={() => void system.refetch()}
              />
            ) : null}
            <ServiceGrid view={system.data} />
          </>
        )}
      </section>

      <section aria-labelledby="system-dead-title" className="adm-section">
        <h2 id="system-dead-title" className="adm-section__title">
          {t('system.deadLetters')}
        </h2>
        <p className="adm-muted">{t('system.deadLettersText')}</p>
        <div className="adm-grid adm-grid--dead">
          {BUS_SERVICES.map((service) => (
            <DeadLetters key={service} service={service} />
          ))}
        </div>
      </section>
    </div>
  );
}

function ServiceGrid({ view }: { view: SystemView }) {
  const { t, tp, date } = useAdminI18n();
  return (
    <ul className="adm-services" data-testid="system-services">
      {view.services.map((service) => {
        const health = serviceHealth(service.instances);
        return (
          <li key={service.name} className={`adm-service adm-service--${health}`}>
            <div className="adm-service__header">
              <h3 className="adm-service__name">{service.name}</h3>
              <Badge tone={HEALTH_TONE[health]}>{t(`system.state.${health}`)}</Badge>
            </div>
            <p className="adm-service__count">
              {service.instances.length === 0
                ? t('system.noInstance')
                : tp('system.instances', service.instances.length)}
            </p>
            {service.error ? <p className="field__error">{service.error}</p> : null}
            <ul className="adm-instances">
              {service.instances.map((instance) => (
                <li key={instance.instanceId} className="adm-instance">
                  <div className="adm-instance__row">
                    <span className="adm-mono adm-instance__id" title={instance.instanceId}>
                      {instance.instanceId}
                    </span>
                    <Badge tone={INSTANCE_TONE[instance.state]}>
                      {t(`system.state.${instance.state}`)}
                    </Badge>
                  </div>
                  <p className="adm-instance__url adm-mono">{instance.url}</p>
                  {Object.keys(instance.checks).length > 0 ? (
                    <ul className="adm-checks" aria-label={t('system.checks')}>
                      {Object.entries(instance.checks).map(([name, result]) => (
                        <li key={name} className={result === 'ok' ? 'is-ok' : 'is-failing'}>
                          <span>{name}</span> <span className="adm-checks__result">{result}</span>
                        </li>
                      ))}
                    </ul>
                  ) : null}
                  {instance.lastHeartbeatAt ? (
                    <p className="adm-instance__meta">
                      {t('system.heartbeat', { time: date(instance.lastHeartbeatAt, 'time') })}
                    </p>
                  ) : null}
                </li>
              ))}
            </ul>
          </li>
        );
      })}
    </ul>
  );
}

function DeadLetters({ service }: { service: BusService }) {
  const { t, tp, date } = useAdminI18n();
  const api = useAdminApi();
  const toast = useToast();
  const message = useErrorMessage();
  const queryClient = useQueryClient();
  const lettersKey = systemKeys.deadLetters(service);
  const letters = useQuery({
    queryKey: lettersKey,
    queryFn: ({ signal }) => api.system.deadLetters(service, signal),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: lettersKey });
  const [busy, setBusy] = useState<string>();
  const [discarding, setDiscarding] = useState<DeadLetter>();
  const [discardError, setDiscardError] = useState<string>();

  const replay = async (letter: DeadLetter) => {
    setBusy(letter.id);
    try {
      await api.system.replay(service, letter.id);
      toast({ tone: 'success', title: t('system.replayed') });
      await refresh();
    } catch (error) {
      // The handler failed again: the letter stays open with the new error, shown after a reload.
      toast({ tone: 'danger', title: t('system.replayFailed'), body: message(error) });
      void refresh();
    } finally {
      setBusy(undefined);
    }
  };
  const discard = async () => {
    if (!discarding) return;
    setBusy(discarding.id);
    try {
      await api.system.discard(service, discarding.id);
      toast({ tone: 'success', title: t('system.discarded') });
      setDiscarding(undefined);
      await refresh();
    } catch (error) {
      setDiscardError(message(error));
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <Panel
      title={service.charAt(0).toUpperCase() + service.slice(1)}
      id={`dead-${service}`}
      action={
        letters.data ? (
          <Badge tone={letters.data.total > 0 ? 'danger' : 'success'}>
            {tp('system.deadLetterCount', letters.data.total)}
          </Badge>
        ) : undefined
      }
    >
      {letters.status === 'error' && !letters.data ? (
        <InlineError
          message={t('system.deadLettersError')}
          error={letters.error}
          onRetry={() => void letters.refetch()}
        />
      ) : !letters.data ? (
        <TableSkeleton rows={1} columns={2} />
      ) : letters.data.items.length === 0 ? (
        <span className="visually-hidden">{t('system.deadLettersNone')}</span>
      ) : (
        <ul className="adm-dead" data-testid={`dead-letters-${service}`}>
          {letters.data.items.map((letter) => (
            <li key={letter.id} className="adm-dead__item">
              <p className="adm-dead__type adm-mono">{letter.eventType}</p>
              <p className="adm-dead__meta">
                {t('system.consumer')} <span className="adm-mono">{letter.consumer}</span> ·{' '}
                {tp('system.attempts', letter.attempts)} ·{' '}
                {t('system.failedAt', { date: date(letter.failedAt, 'datetime') })}
              </p>
              <details className="adm-dead__error">
                <summary>{t('system.error')}</summary>
                <pre>{letter.error}</pre>
              </details>
              <div className="form-actions">
                <Button
                  size="sm"
                  variant="secondary"
                  loading={busy === letter.id && !discarding}
                  disabled={busy !== undefined}
                  onClick={() => void replay(letter)}
                >
                  {t('system.replay')}
                </Button>
                <Button
                  size="sm"
                  variant="ghost"
                  disabled={busy !== undefined}
                  onClick={() => (setDiscardError(undefined), setDiscarding(letter))}
                >
                  {t('system.discard')}
                </Button>
              </div>
            </li>
          ))}
        </ul>
      )}
      {letters.data?.brokerDeadLetters ? (
        <p className="adm-muted small">
          {t('system.brokerDeadLetters', { count: letters.data.brokerDeadLetters })}
        </p>
      ) : null}
      {discarding ? (
        <ConfirmDialog
          title={t('system.discardTitle')}
          confirmLabel={t('system.discard')}
          busy={busy === discarding.id}
          error={discardError}
          onConfirm={() => void discard()}
          onClose={() => setDiscarding(undefined)}
        >
          <p>{t('system.discardText', { type: discarding.eventType, service })}</p>
        </ConfirmDialog>
      ) : null}
    </Panel>
  );
}
