import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError, idempotencyKey, ok, typed } from '../api/client';
import type { AdvanceStatus } from '../api/types';
import { getSession, hasRole } from '../auth/session';
import { dateTime, money, yuanToFen } from '../i18n/format';
import { useT } from '../i18n/i18n';
import { Link, navigate } from '../router';
import { ErrorNotice } from '../ui/ErrorNotice';
import { IncidentPicker, useIncident } from '../ui/IncidentPicker';
import { advanceStatusLabel } from '../ui/labels';
import { useAsync } from '../ui/use-async';
import { useIntentKey } from '../ui/use-intent-key';
import { ADVANCE_STATUSES, useTeams } from './advances';
import { everyPage, useFunds } from './data';
import { ApprovalProgress } from './decisions';

/** A team's request for cash to carry to its sites (finance, field). */
function RequestAdvance({ incidentId, onDone }: { incidentId: string; onDone: () => void }) {
  const { t, lang } = useT();
  const funds = useFunds(incidentId);
  const teams = useTeams(incidentId);
  const [form, setForm] = useState({ fundId: '', teamId: '', amount: '', note: '' });
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const intent = useIntentKey();
  const amountFen = yuanToFen(form.amount);
  const valid = form.fundId && form.teamId && amountFen !== undefined && amountFen > 0;
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    if (!valid || amountFen === undefined) return;
    const body = {
      fundId: form.fundId,
      teamId: form.teamId,
      amountFen,
      ...(form.note.trim() ? { note: form.note.trim() } : {}),
    };
    setBusy(true);
    setError(undefined);
    try {
      const created = await ok(
        typed.POST('/api/advances', {
          params: { header: idempotencyKey(intent.keyFor(body)) },
          body,
        }),
      );
      intent.spend();
      onDone();
      navigate(`/finance/advances/${created.id}`);
    } catch (failure) {
      if (failure instanceof ApiError && failure.status < 500) intent.spend();
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  const set = (key: keyof typeof form) => (e: { currentTarget: { value: string } }) =>
    setForm((f) => ({ ...f, [key]: e.currentTarget.value }));
  return (
    <section class="panel" aria-labelledby="advance-new-title">
      <h2 id="advance-new-title">{t('advances.newTitle')}</h2>
      <p class="muted small">{t('advances.newExplain')}</p>
      <form id="advance-form" onSubmit={(e) => void submit(e)}>
        <div class="form-row">
          <label>
            {t('fields.fund')}
            <select id="advance-fund" required value={form.fundId} onChange={set('fundId')}>
              <option value="">{t('finance.chooseFund')}</option>
              {(funds.data ?? []).map((f) => (
                <option key={f.id} value={f.id}>
                  {f.name} · {t('balances.reserved')} {money(lang, f.reservedFen)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('advances.team')}
            <select id="advance-team" required value={form.teamId} onChange={set('teamId')}>
              <option value="">
                {teams.loading ? t('common.loading') : t('advances.chooseTeam')}
              </option>
              {(teams.data ?? []).map((team) => (
                <option key={team.id} value={team.id}>
                  {team.name} · {team.sites.map((s) => s.name).join('、')}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('finance.amountYuan')}
            <input
              id="advance-amount"
              required
              inputMode="decimal"
              value={form.amount}
              aria-invalid={form.amount !== '' && amountFen === undefined}
              onInput={set('amount')}
            />
          </label>
          <label>
            {t('fields.note')}
            <input id="advance-note" value={form.note} onInput={set('note')} />
          </label>
          <button type="submit" id="advance-submit" disabled={!valid || busy}>
            {t('advances.submit')}
          </button>
        </div>
      </form>
      <ErrorNotice error={error} id="advance-error" />
    </section>
  );
}

/** Advances with what each team handed over, returned and still holds. */
export function Advances(): JSX.Element {
  const { t, lang } = useT();
  const session = getSession();
  const [incidentId] = useIncident();
  const [status, setStatus] = useState<AdvanceStatus | ''>('');
  const [refresh, setRefresh] = useState(0);
  const list = useAsync(
    (signal) =>
      everyPage((cursor) =>
        ok(
          typed.GET('/api/advances', {
            params: { query: { ...(status ? { status } : {}), limit: 200, cursor } },
            signal,
          }),
        ),
      ).then((items) =>
        items.filter((a) => !incidentId || !a.incidentId || a.incidentId === incidentId),
      ),
    [status, incidentId, refresh],
  );
  const teams = useTeams(incidentId);
  const funds = useFunds(incidentId);
  const teamNames = new Map((teams.data ?? []).map((team) => [team.id, team.name]));
  const fundNames = new Map((funds.data ?? []).map((f) => [f.id, f.name]));
  const items = [...(list.data ?? [])].reverse();
  return (
    <div class="page">
      <div class="page-head">
        <h1>{t('advances.title')}</h1>
        <IncidentPicker />
        <label>
          {t('fields.status')}
          <select
            value={status}
            onChange={(e) => setStatus(e.currentTarget.value as AdvanceStatus | '')}
          >
            <option value="">{t('finance.allStatuses')}</option>
            {ADVANCE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {advanceStatusLabel(t, s)}
              </option>
            ))}
          </select>
        </label>
        <button type="button" class="secondary" onClick={list.reload}>
          {t('common.refresh')}
        </button>
      </div>
      <p class="muted">{t('advances.identity')}</p>
      {hasRole(session, 'finance', 'field') && (
        <RequestAdvance incidentId={incidentId} onDone={() => setRefresh((r) => r + 1)} />
      )}
      <ErrorNotice error={list.error} />
      <section class="panel">
        <div class="table-wrap">
          <table id="advance-list">
            <caption class="sr-only">{t('advances.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('advances.team')}</th>
                <th scope="col">{t('fields.fund')}</th>
                <th scope="col" class="num">
                  {t('advances.amount')}
                </th>
                <th scope="col" class="num">
                  {t('advances.handedOver')}
                </th>
                <th scope="col" class="num">
                  {t('advances.returned')}
                </th>
                <th scope="col" class="num">
                  {t('advances.outstanding')}
                </th>
                <th scope="col">{t('fields.status')}</th>
                <th scope="col">{t('fields.approvals')}</th>
              </tr>
            </thead>
            <tbody>
              {items.length === 0 && (
                <tr>
                  <td colSpan={8} class="muted">
                    {list.loading ? t('common.loading') : t('advances.none')}
                  </td>
                </tr>
              )}
              {items.map((a) => (
                <tr key={a.id} data-advance-id={a.id} data-status={a.status}>
                  <td>
                    <Link href={`/finance/advances/${a.id}`}>
                      {teamNames.get(a.teamId) ?? `${a.teamId.slice(0, 8)}…`}
                    </Link>
                    <div class="muted small">{dateTime(lang, a.createdAt)}</div>
                  </td>
                  <td class="small">{fundNames.get(a.fundId) ?? `${a.fundId.slice(0, 8)}…`}</td>
                  <td class="num strong">{money(lang, a.amountFen)}</td>
                  <td class="num">{money(lang, a.handedOverFen)}</td>
                  <td class="num">{money(lang, a.returnedFen)}</td>
                  <td class={`num ${a.outstandingFen > 0 ? 'strong' : ''}`}>
                    {money(lang, a.outstandingFen)}
                  </td>
                  <td>
                    <span class={`status ${a.status}`}>{advanceStatusLabel(t, a.status)}</span>
                  </td>
                  <td>
                    <ApprovalProgress d={a} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
