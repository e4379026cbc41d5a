import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError, ok, typed } from '../api/client';
import type { Grievance, GrievanceCategory, GrievanceStatus } from '../api/types';
import { getSession, hasRole } from '../auth/session';
import { dateTime } from '../i18n/format';
import { useT } from '../i18n/i18n';
import { intentHeaders } from '../finance/advances';
import { beneficiaryLabel, everyPage, useBeneficiaries } from '../finance/data';
import { ConfirmDialog } from '../finance/decisions';
import { ErrorNotice } from '../ui/ErrorNotice';
import { IncidentPicker, useIncident } from '../ui/IncidentPicker';
import {
  GRIEVANCE_CATEGORIES,
  GRIEVANCE_STATUSES,
  grievanceCategoryLabel,
  grievanceStatusLabel,
} from '../ui/labels';
import { useAsync } from '../ui/use-async';
import { useIntentKey } from '../ui/use-intent-key';

type Pending = { kind: 'assign' | 'close'; g: Grievance } | undefined;

/**
 * Grievances of the incident (complaints, failed payment verifications…): assign, close with an
 * outcome. Sensitive ones are sent to admins only, so the list simply never holds them for others.
 */
export function Grievances(): JSX.Element {
  const { t, lang } = useT();
  const session = getSession();
  const [incidentId] = useIncident();
  const [status, setStatus] = useState<GrievanceStatus | ''>('');
  const [category, setCategory] = useState<GrievanceCategory | ''>('');
  const list = useAsync(
    (signal) =>
      incidentId
        ? everyPage((cursor) =>
            ok(
              typed.GET('/api/grievances', {
                params: {
                  query: {
                    incidentId,
                    ...(status ? { status } : {}),
                    ...(category ? { category } : {}),
                    limit: 200,
                    cursor,
                  },
                },
                signal,
              }),
            ),
          )
        : Promise.resolve([]),
    [incidentId, status, category],
  );
  const people = useBeneficiaries(incidentId);
  const [pending, setPending] = useState<Pending>();
  const [error, setError] = useState<unknown>();
  const [conflict, setConflict] = useState(false);
  const intent = useIntentKey();
  const mayAct = hasRole(session, 'ops', 'admin');
  const act = async (g: Grievance, kind: 'assign' | 'close', text: string): Promise<void> => {
    setError(undefined);
    setConflict(false);
    const headers = intentHeaders(intent.keyFor([g.id, kind, text]));
    try {
      if (kind === 'assign')
        await ok(
          typed.POST('/api/grievances/{id}/assign', {
            params: { path: { id: g.id } },
            body: { assigneeId: text },
            headers,
          }),
        );
      else
        await ok(
          typed.POST('/api/grievances/{id}/close', {
            params: { path: { id: g.id } },
            body: { outcome: text },
            headers,
          }),
        );
      intent.spend();
    } catch (failure) {
      if (failure instanceof ApiError && failure.status < 500) intent.spend();
      if (failure instanceof ApiError && failure.status === 409) setConflict(true);
      else setError(failure);
    }
    list.reload();
  };
  const items = list.data ?? [];
  return (
    <div class="page">
      <div class="page-head">
        <h1>{t('grievances.title')}</h1>
        <IncidentPicker />
        <label>
          {t('fields.status')}
          <select
            id="grievance-status"
            value={status}
            onChange={(e) => setStatus(e.currentTarget.value as GrievanceStatus | '')}
          >
            <option value="">{t('finance.allStatuses')}</option>
            {GRIEVANCE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {grievanceStatusLabel(t, s)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('fields.category')}
          <select
            id="grievance-category"
            value={category}
            onChange={(e) => setCategory(e.currentTarget.value as GrievanceCategory | '')}
          >
            <option value="">{t('grievances.allCategories')}</option>
            {GRIEVANCE_CATEGORIES.filter((c) => c !== 'sensitive' || hasRole(session, 'admin')).map(
              (c) => (
                <option key={c} value={c}>
                  {grievanceCategoryLabel(t, c)}
                </option>
              ),
            )}
          </select>
        </label>
        <button type="button" class="secondary" onClick={list.reload}>
          {t('common.refresh')}
        </button>
      </div>
      <p class="muted">
        {hasRole(session, 'admin') ? t('grievances.explainAdmin') : t('grievances.explain')}
      </p>
      <ErrorNotice error={list.error ?? error} />
      {conflict && (
        <div class="notice error" role="alert">
          <strong>{t('errors.409')}</strong>
          <div>{t('grievances.closedMeanwhile')}</div>
        </div>
      )}
      <section class="panel">
        <div class="table-wrap">
          <table id="grievance-list">
            <caption class="sr-only">{t('grievances.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('fields.category')}</th>
                <th scope="col">{t('grievances.description')}</th>
                <th scope="col">{t('fields.beneficiaryId')}</th>
                <th scope="col">{t('fields.status')}</th>
                <th scope="col">{t('grievances.due')}</th>
                <th scope="col">
                  <span class="sr-only">{t('grievances.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.length === 0 && (
                <tr>
                  <td colSpan={6} class="muted">
                    {list.loading ? t('common.loading') : t('grievances.none')}
                  </td>
                </tr>
              )}
              {items.map((g) => (
                <tr
                  key={g.id}
                  data-grievance-id={g.id}
                  data-category={g.category}
                  class={g.overdue && g.status !== 'closed' ? 'row-error' : ''}
                >
                  <td>
                    {grievanceCategoryLabel(t, g.category)}
                    {g.source === 'verification' && (
                      <div class="muted small">{t('grievances.fromVerification')}</div>
                    )}
                  </td>
                  <td>
                    {g.description}
                    {g.outcome && (
                      <div class="small">
                        {t('grievances.outcome')}: {g.outcome}
                      </div>
                    )}
                  </td>
                  <td class="small">
                    {g.beneficiaryId ? beneficiaryLabel(people.data, g.beneficiaryId) : '—'}
                  </td>
                  <td>
                    <span class={`status ${g.status}`}>{grievanceStatusLabel(t, g.status)}</span>
                    {g.assigneeId && <div class="muted small">{g.assigneeId}</div>}
                  </td>
                  <td class="small">
                    {dateTime(lang, g.dueAt)}
                    {g.overdue && g.status !== 'closed' && (
                      <div class="bad strong">{t('grievances.overdue')}</div>
                    )}
                  </td>
                  <td class="actions">
                    {mayAct && g.status !== 'closed' && (
                      <>
                        <button
                          type="button"
                          class="secondary small"
                          onClick={() => setPending({ kind: 'assign', g })}
                        >
                          {t('grievances.assign')}
                        </button>
                        <button
                          type="button"
                          class="small"
                          onClick={() => setPending({ kind: 'close', g })}
                        >
                          {t('grievances.close')}
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <ConfirmDialog
        id="grievance-dialog"
        open={pending !== undefined}
        title={
          pending?.kind === 'assign' ? t('grievances.assignTitle') : t('grievances.closeTitle')
        }
        body={pending?.g.description}
        askReason
        reasonLabel={
          pending?.kind === 'assign' ? t('grievances.assignee') : t('grievances.outcome')
        }
        confirmLabel={pending?.kind === 'assign' ? t('grievances.assign') : t('grievances.close')}
        onClose={() => setPending(undefined)}
        onConfirm={(text) => {
          const p = pending;
          setPending(undefined);
          if (p) void act(p.g, p.kind, text);
        }}
      />
    </div>
  );
}
