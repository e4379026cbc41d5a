import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ok, typed } from '../api/client';
import type { Incident, Page } from '../api/types';
import { date } from '../i18n/format';
import { useT } from '../i18n/i18n';
import { useAsync } from './use-async';

const KEY = 'aidflow.incident';
const listeners = new Set<(id: string) => void>();

/** The incident the user is working on, shared by every page of this tab. */
export function useIncident(): [string, (id: string) => void] {
  const [id, setId] = useState(() => sessionStorage.getItem(KEY) ?? '');
  useEffect(() => {
    listeners.add(setId);
    return () => void listeners.delete(setId);
  }, []);
  const choose = (next: string): void => {
    sessionStorage.setItem(KEY, next);
    for (const listener of listeners) listener(next);
  };
  return [id, choose];
}

export function IncidentPicker(): JSX.Element {
  const { t, lang } = useT();
  const [incidentId, choose] = useIncident();
  const incidents = useAsync(
    (signal): Promise<Page<Incident>> =>
      ok(typed.GET('/api/incidents', { params: { query: { limit: 200 } }, signal })),
    [],
  );
  const items = incidents.data?.items ?? [];
  useEffect(() => {
    const first = items[0];
    if (first && !items.some((i) => i.id === incidentId)) choose(first.id);
  }, [incidents.data]);
  return (
    <label class="incident-picker">
      <span>{t('common.incident')}</span>
      <select id="incident" value={incidentId} onChange={(e) => choose(e.currentTarget.value)}>
        {items.length === 0 && (
          <option value="">
            {incidents.loading ? t('common.loading') : t('common.noIncidents')}
          </option>
        )}
        {items.map((incident) => (
          <option key={incident.id} value={incident.id}>
            {incident.title} · {date(lang, incident.occurredAt)}
          </option>
        ))}
      </select>
    </label>
  );
}
