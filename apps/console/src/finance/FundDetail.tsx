import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api, ApiError, idempotencyKey, ok, typed } from '../api/client';
import type { Allocation, Fund } from '../api/types';
import { getSession, hasRole } from '../auth/session';
import { dateTime, money, yuanToFen } from '../i18n/format';
import { useT } from '../i18n/i18n';
import { Link } from '../router';
import { ErrorNotice } from '../ui/ErrorNotice';
import { FUND_PURPOSES, fundPurposeLabel, statusLabel } from '../ui/labels';
import { useAsync } from '../ui/use-async';
import { useIntentKey } from '../ui/use-intent-key';
import { IdentityCell } from './FundTree';

function AllocateForm({ fund, onDone }: { fund: Fund; onDone: () => void }): JSX.Element {
  const { t, lang } = useT();
  const [toOrgCode, setOrg] = useState('');
  const [amount, setAmount] = useState('');
  const [purpose, setPurpose] = useState<(typeof FUND_PURPOSES)[number]>('working');
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<Allocation | undefined>();
  const intent = useIntentKey();
  const amountFen = yuanToFen(amount);
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    if (amountFen === undefined) return;
    const body = {
      fromFundId: fund.id,
      toOrgCode: toOrgCode.trim(),
      amountFen,
      purpose,
      ...(note.trim() ? { note: note.trim() } : {}),
    };
    setBusy(true);
    setError(undefined);
    try {
      setDone(
        await ok(
          typed.POST('/api/allocations', {
            params: { header: idempotencyKey(intent.keyFor(body)) },
            body,
          }),
        ),
      );
      intent.spend();
      setAmount('');
      onDone();
    } catch (failure) {
      if (failure instanceof ApiError && failure.status < 500) intent.spend();
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="panel" onSubmit={(e) => void submit(e)} aria-labelledby="allocate-title">
      <h2 id="allocate-title">{t('finance.allocate')}</h2>
      <div class="form-row">
        <label>
          {t('fields.toOrgCode')}
          <input
            id="allocate-org"
            required
            value={toOrgCode}
            onInput={(e) => setOrg(e.currentTarget.value)}
          />
        </label>
        <label>
          {t('finance.amountYuan')}
          <input
            id="allocate-amount"
            required
            inputMode="decimal"
            value={amount}
            onInput={(e) => setAmount(e.currentTarget.value)}
          />
        </label>
        <label>
          {t('fields.purpose')}
          <select
            value={purpose}
            onChange={(e) => setPurpose(e.currentTarget.value as typeof purpose)}
          >
            {FUND_PURPOSES.map((p) => (
              <option key={p} value={p}>
                {fundPurposeLabel(t, p)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('fields.note')}
          <input value={note} onInput={(e) => setNote(e.currentTarget.value)} />
        </label>
        <button
          type="submit"
          id="allocate-submit"
          disabled={busy || amountFen === undefined || !toOrgCode.trim()}
        >
          {t('finance.allocateSubmit')}
        </button>
      </div>
      {amount && amountFen === undefined && <p class="bad small">{t('problems.notAmount')}</p>}
      <ErrorNotice error={error} id="allocate-error" />
      {done && (
        <p class="notice ok" role="status">
          {t('finance.allocated', { amount: money(lang, done.amountFen), org: done.toOrgCode })}
        </p>
      )}
    </form>
  );
}

export function FundDetail({ params }: { params: Record<string, string> }): JSX.Element {
  const { t, lang } = useT();
  const id = params.id ?? '';
  const [refresh, setRefresh] = useState(0);
  const fund = useAsync(
    (signal) => ok(typed.GET('/api/funds/{id}', { params: { path: { id } }, signal })),
    [id, refresh],
  );
  const rec = useAsync(
    (signal) =>
      ok(typed.GET('/api/funds/{id}/reconciliation', { params: { path: { id } }, signal })),
    [id, refresh],
  );
  const requests = useAsync(
    (signal) =>
      ok(
        typed.GET('/api/disbursements', { params: { query: { fundId: id, limit: 100 } }, signal }),
      ),
    [id, refresh],
  );
  const [exportError, setExportError] = useState<unknown>();
  const f = fund.data;
  const isFinance = hasRole(getSession(), 'finance');
  return (
    <div class="page">
      <div class="page-head">
        <Link href="/finance">← {t('nav.funds')}</Link>
        <h1>{f ? f.name : t('common.loading')}</h1>
        {f && (
          <span class="muted mono">
            {f.code} · {f.ownerOrgCode}
          </span>
        )}
      </div>
      <ErrorNotice error={fund.error ?? rec.error} />
      {f && (
        <section class="panel" aria-labelledby="identity-title">
          <h2 id="identity-title">{t('finance.identity')}</h2>
          <p class="identity-line" id="identity-line">
            <strong>{money(lang, f.amountFen)}</strong> = {money(lang, f.allocatedDownFen)}{' '}
            {t('balances.allocatedDown')} + {money(lang, f.reservedFen)} {t('balances.reserved')} +{' '}
            {money(lang, f.deliveredFen)} {t('balances.delivered')} + {money(lang, f.availableFen)}{' '}
            {t('balances.available')} <IdentityCell fund={f} />
          </p>
          <dl class="figures" id="fund-figures">
            <dt>{t('balances.amount')}</dt>
            <dd data-figure="amount">{money(lang, f.amountFen)}</dd>
            <dt>{t('balances.allocatedDown')}</dt>
            <dd data-figure="allocatedDown">{money(lang, f.allocatedDownFen)}</dd>
            <dt>{t('balances.reserved')}</dt>
            <dd data-figure="reserved">{money(lang, f.reservedFen)}</dd>
            <dt>{t('balances.delivered')}</dt>
            <dd data-figure="delivered">{money(lang, f.deliveredFen)}</dd>
            <dt>{t('balances.available')}</dt>
            <dd data-figure="available">{money(lang, f.availableFen)}</dd>
          </dl>
          {rec.data && (
            <p class="small muted">
              {rec.data.ledgerConsistent
                ? t('finance.ledgerConsistent')
                : t('finance.ledgerInconsistent')}{' '}
              · {t('common.asOf', { time: dateTime(lang, rec.data.asOf) })}
            </p>
          )}
          <div class="actions">
            {isFinance && (
              <Link class="button" href={`/finance/requests/new?fund=${f.id}`}>
                {t('nav.newRequest')}
              </Link>
            )}
            <button
              type="button"
              class="secondary"
              id="export-movements"
              onClick={() => {
                setExportError(undefined);
                api
                  .download(`/api/funds/${f.id}/movements.csv`, `${f.code}-movements.csv`)
                  .catch(setExportError);
              }}
            >
              {t('finance.exportMovements')}
            </button>
          </div>
          <ErrorNotice error={exportError} />
        </section>
      )}
      {rec.data && rec.data.allocations.length > 0 && (
        <section class="panel">
          <h2>{t('finance.allocations')}</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('fields.toOrgCode')}</th>
                <th scope="col" class="num">
                  {t('fields.amount')}
                </th>
                <th scope="col">{t('fields.requestedAt')}</th>
              </tr>
            </thead>
            <tbody>
              {rec.data.allocations.map((a) => (
                <tr key={a.allocationId}>
                  <td>
                    <Link href={`/finance/funds/${a.toFundId}`}>{a.toOrgCode}</Link>
                  </td>
                  <td class="num">{money(lang, a.amountFen)}</td>
                  <td class="small">{dateTime(lang, a.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {f && isFinance && <AllocateForm fund={f} onDone={() => setRefresh((r) => r + 1)} />}
      <section class="panel">
        <h2>{t('finance.fundRequests')}</h2>
        <table id="fund-requests">
          <thead>
            <tr>
              <th scope="col">{t('fields.beneficiaryId')}</th>
              <th scope="col" class="num">
                {t('fields.amount')}
              </th>
              <th scope="col">{t('fields.status')}</th>
              <th scope="col">{t('fields.requestedAt')}</th>
            </tr>
          </thead>
          <tbody>
            {(requests.data?.items ?? []).map((d) => (
              <tr key={d.id}>
                <td>
                  <Link href={`/finance/requests/${d.id}`} class="mono small">
                    {d.beneficiaryId.slice(0, 8)}…
                  </Link>
                </td>
                <td class="num">{money(lang, d.amountFen)}</td>
                <td>
                  <span class={`status ${d.status}`}>{statusLabel(t, d.status)}</span>
                </td>
                <td class="small">{dateTime(lang, d.createdAt)}</td>
              </tr>
            ))}
            {requests.data?.items.length === 0 && (
              <tr>
                <td colSpan={4} class="muted">
                  {t('common.noData')}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </section>
    </div>
  );
}
