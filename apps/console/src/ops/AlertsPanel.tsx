import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { ok, typed } from '../api/client';
import type { Alert } from '../api/types';
import { dateTime } from '../i18n/format';
import { useT } from '../i18n/i18n';
import { ErrorNotice } from '../ui/ErrorNotice';
import { alertRuleLabel } from '../ui/labels';
import { useAsync } from '../ui/use-async';

/** Rules that clear only when someone acknowledges them (the others clear themselves). */
const ACKNOWLEDGED_BY_HAND = new Set(['discrepancy', 'dlq']);

export function AlertsPanel({
  incidentId,
  refresh,
}: {
  incidentId: string;
  refresh: number;
}): JSX.Element {
  const { t, lang } = useT();
  const alerts = useAsync(
    (signal) =>
      ok(
        typed.GET('/api/ops/alerts', { params: { query: { active: 'true', limit: 100 } }, signal }),
      ),
    [refresh],
  );
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState<string | undefined>();
  const items = (alerts.data?.items ?? []).filter(
    (a) => !incidentId || !a.incidentId || a.incidentId === incidentId,
  );
  const acknowledge = async (alert: Alert): Promise<void> => {
    setBusy(alert.id);
    setFailure(undefined);
    try {
      await ok(
        typed.POST('/api/ops/alerts/{id}/acknowledge', {
          params: { path: { id: alert.id } },
          body: {},
        }),
      );
      alerts.reload();
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(undefined);
    }
  };
  return (
    <section class="panel" aria-labelledby="alerts-title">
      <h2 id="alerts-title">{t('ops.alerts')}</h2>
      <ErrorNotice error={alerts.error ?? failure} />
      <ul id="alerts" class="alerts">
        {items.length === 0 && <li class="muted">{t('ops.noAlerts')}</li>}
        {items.map((a) => (
          <li key={a.id} class={`alert ${a.severity}`}>
            <div class="alert-head">
              <span class="rule">{alertRuleLabel(t, a.rule)}</span>
              <span class="muted small">{dateTime(lang, a.raisedAt)}</span>
            </div>
            <div>{a.message}</div>
            {ACKNOWLEDGED_BY_HAND.has(a.rule) && (
              <button
                type="button"
                class="secondary small"
                disabled={busy === a.id}
                onClick={() => void acknowledge(a)}
              >
                {t('ops.acknowledge')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
