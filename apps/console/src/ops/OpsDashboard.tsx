import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ok, typed } from '../api/client';
import { dateTime } from '../i18n/format';
import { useT } from '../i18n/i18n';
import { ErrorNotice } from '../ui/ErrorNotice';
import { IncidentPicker, useIncident } from '../ui/IncidentPicker';
import { useAsync } from '../ui/use-async';
import { AlertsPanel } from './AlertsPanel';
import { OpsCharts } from './OpsCharts';
import { LagPanel } from './LagPanel';
import { LiveFeed } from './LiveFeed';
import { SummaryPanels } from './SummaryPanels';

/** The operations dashboard: summary, pictures, live feed, consumer lag and alerts. */
export function OpsDashboard(): JSX.Element {
  const { t, lang } = useT();
  const [incidentId] = useIncident();
  const summary = useAsync(
    (signal) =>
      incidentId
        ? ok(
            typed.GET('/api/ops/incidents/{id}/summary', {
              params: { path: { id: incidentId } },
              signal,
            }),
          )
        : Promise.resolve(undefined),
    [incidentId],
  );
  const [bump, setBump] = useState(0);
  const refreshTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  // Events arrive in bursts: refresh the summary once a burst has passed.
  const onActivity = (): void => {
    clearTimeout(refreshTimer.current);
    refreshTimer.current = setTimeout(() => {
      summary.reload();
      setBump((b) => b + 1);
    }, 600);
  };
  useEffect(() => () => clearTimeout(refreshTimer.current), []);

  return (
    <div class="page ops">
      <div class="page-head">
        <h1>{t('ops.title')}</h1>
        <IncidentPicker />
        <span class="muted small" id="as-of">
          {summary.data ? t('common.asOf', { time: dateTime(lang, summary.data.asOf) }) : ''}
        </span>
        <button type="button" class="secondary" onClick={summary.reload}>
          {t('common.refresh')}
        </button>
      </div>
      <ErrorNotice error={summary.error} />
      {summary.data && <SummaryPanels summary={summary.data} />}
      {summary.data && <OpsCharts summary={summary.data} refresh={bump} />}
      <div class="grid two">
        <LiveFeed incidentId={incidentId} onActivity={onActivity} />
        <div class="stack">
          <AlertsPanel incidentId={incidentId} refresh={bump} />
          <LagPanel refresh={bump} />
        </div>
      </div>
    </div>
  );
}
