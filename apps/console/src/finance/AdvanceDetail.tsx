import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError, ok, typed } from '../api/client';
import type { Advance } from '../api/types';
import { getSession } from '../auth/session';
import { dateTime, money, yuanToFen } from '../i18n/format';
import { useT } from '../i18n/i18n';
import { Link } from '../router';
import { ErrorNotice } from '../ui/ErrorNotice';
import { advanceStatusLabel } from '../ui/labels';
import { useAsync } from '../ui/use-async';
import { useIntentKey } from '../ui/use-intent-key';
import {
  approveAdvance,
  mayAcceptDiscrepancy,
  mayDecideAdvance,
  maySettle,
  rejectAdvance,
  settleAdvance,
} from './advances';
import { ApprovalProgress, ConfirmDialog } from './decisions';

/** The cash the team brings back: balanced → settled; short → refused, or accepted by an approver. */
function SettleForm({ advance, onDone }: { advance: Advance; onDone: () => void }) {
  const { t, lang } = useT();
  const session = getSession();
  const [returned, setReturned] = useState('');
  const [accept, setAccept] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const intent = useIntentKey();
  const returnedFen = yuanToFen(returned);
  const shortFen = returnedFen === undefined ? undefined : advance.outstandingFen - returnedFen;
  const canAccept = mayAcceptDiscrepancy(session, advance);
  const valid = returnedFen !== undefined && (!accept || reason.trim() !== '');
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    if (!valid || returnedFen === undefined) return;
    const body = accept
      ? { returnedFen, acceptDiscrepancy: true, reason: reason.trim() }
      : { returnedFen };
    setBusy(true);
    setError(undefined);
    try {
      await settleAdvance(advance.id, body, intent.keyFor(body));
      intent.spend();
      onDone();
    } catch (failure) {
      if (failure instanceof ApiError && failure.status < 500) intent.spend();
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="panel" aria-labelledby="settle-title">
      <h2 id="settle-title">{t('advances.settleTitle')}</h2>
      <p class="muted small">
        {t('advances.settleExplain', { outstanding: money(lang, advance.outstandingFen) })}
      </p>
      <form id="settle-form" onSubmit={(e) => void submit(e)}>
        <div class="form-row">
          <label>
            {t('advances.returnedYuan')}
            <input
              id="settle-returned"
              required
              inputMode="decimal"
              value={returned}
              aria-invalid={returned !== '' && returnedFen === undefined}
              aria-describedby="settle-difference"
              onInput={(e) => setReturned(e.currentTarget.value)}
            />
          </label>
          <span
            id="settle-difference"
            class={`small ${shortFen ? 'bad' : 'good'}`}
            aria-live="polite"
          >
            {shortFen === undefined
              ? ''
              : shortFen === 0
                ? t('advances.balances')
                : shortFen > 0
                  ? t('advances.short', { amount: money(lang, shortFen) })
                  : t('advances.over', { amount: money(lang, -shortFen) })}
          </span>
        </div>
        {canAccept && (
          <fieldset>
            <legend>{t('advances.discrepancyTitle')}</legend>
            <label class="inline">
              <input
                type="checkbox"
                id="settle-accept"
                checked={accept}
                onChange={(e) => setAccept(e.currentTarget.checked)}
              />
              {t('advances.acceptDiscrepancy')}
            </label>
            {accept && (
              <label>
                {t('fields.reason')}
                <textarea
                  id="settle-reason"
                  required
                  rows={2}
                  value={reason}
                  onInput={(e) => setReason(e.currentTarget.value)}
                />
              </label>
            )}
          </fieldset>
        )}
        <div class="actions">
          <button type="submit" id="settle-submit" disabled={!valid || busy}>
            {accept ? t('advances.settleDiscrepancy') : t('advances.settle')}
          </button>
        </div>
      </form>
      <ErrorNotice error={error} id="settle-error" />
    </section>
  );
}

/** One advance: amount = handed over + returned + outstanding, its draws, decisions and history. */
export function AdvanceDetail({ params }: { params: Record<string, string> }): JSX.Element {
  const { t, lang } = useT();
  const id = params.id ?? '';
  const session = getSession();
  const advance = useAsync(
    (signal) => ok(typed.GET('/api/advances/{id}', { params: { path: { id } }, signal })),
    [id],
  );
  const team = useAsync(
    (signal) =>
      advance.data
        ? ok(
            typed.GET('/api/teams/{id}', { params: { path: { id: advance.data.teamId } }, signal }),
          )
        : Promise.resolve(undefined),
    [advance.data?.teamId],
  );
  const [rejecting, setRejecting] = useState(false);
  const [error, setError] = useState<unknown>();
  const [conflict, setConflict] = useState(false);
  const intent = useIntentKey();
  const a = advance.data;
  const decide = async (act: (key: string) => Promise<Advance>, what: unknown): Promise<void> => {
    setError(undefined);
    setConflict(false);
    try {
      await act(intent.keyFor(what));
      intent.spend();
    } catch (failure) {
      if (failure instanceof ApiError && failure.status < 500) intent.spend();
      if (failure instanceof ApiError && failure.status === 409) setConflict(true);
      else setError(failure);
    }
    advance.reload();
  };
  const balanced =
    a &&
    BigInt(a.amountFen) ===
      BigInt(a.handedOverFen) + BigInt(a.returnedFen) + BigInt(a.outstandingFen);
  return (
    <div class="page">
      <div class="page-head">
        <Link href="/finance/advances">← {t('advances.title')}</Link>
        <h1>{t('advances.detailTitle')}</h1>
      </div>
      <ErrorNotice error={advance.error ?? error} />
      {conflict && (
        <div class="notice error" role="alert" id="advance-conflict">
          <strong>{t('errors.409')}</strong>
          <div>{t('advances.decidedMeanwhile')}</div>
        </div>
      )}
      {a && (
        <section class="panel" id="advance-detail" data-status={a.status}>
          <dl class="figures">
            <dt>{t('advances.team')}</dt>
            <dd>{team.data?.name ?? `${a.teamId.slice(0, 8)}…`}</dd>
            <dt>{t('fields.status')}</dt>
            <dd>
              <span class={`status ${a.status}`} id="advance-status">
                {advanceStatusLabel(t, a.status)}
              </span>
            </dd>
            <dt>{t('advances.amount')}</dt>
            <dd class="strong" id="advance-amount-value">
              {money(lang, a.amountFen)}
            </dd>
            <dt>{t('advances.handedOver')}</dt>
            <dd id="advance-handed-over">{money(lang, a.handedOverFen)}</dd>
            <dt>{t('advances.returned')}</dt>
            <dd id="advance-returned">{money(lang, a.returnedFen)}</dd>
            <dt>{t('advances.outstanding')}</dt>
            <dd id="advance-outstanding" class="strong">
              {money(lang, a.outstandingFen)}
            </dd>
            <dt>{t('finance.identity')}</dt>
            <dd>
              <span class={`identity ${balanced ? 'ok' : 'broken'}`}>
                {balanced ? t('finance.identityOk') : t('finance.identityBroken')}
              </span>
            </dd>
            <dt>{t('fields.approvals')}</dt>
            <dd>
              <ApprovalProgress d={a} />
            </dd>
            <dt>{t('fields.fund')}</dt>
            <dd>
              <Link href={`/finance/funds/${a.fundId}`}>{a.fundId.slice(0, 8)}…</Link>
            </dd>
            <dt>{t('fields.requestedBy')}</dt>
            <dd>{a.requestedBy}</dd>
            {a.note && (
              <>
                <dt>{t('fields.note')}</dt>
                <dd>{a.note}</dd>
              </>
            )}
            {(a.decisionReason ?? a.settlementReason) && (
              <>
                <dt>{t('fields.reason')}</dt>
                <dd>{a.settlementReason ?? a.decisionReason}</dd>
              </>
            )}
          </dl>
          {mayDecideAdvance(session, a) ? (
            <div class="actions">
              <button
                type="button"
                id="advance-approve"
                onClick={() => void decide((key) => approveAdvance(a.id, key), ['approve', a.id])}
              >
                {t('finance.approve')}
              </button>
              <button
                type="button"
                class="secondary"
                id="advance-reject"
                onClick={() => setRejecting(true)}
              >
                {t('finance.reject')}
              </button>
            </div>
          ) : (
            session?.user.sub === a.requestedBy &&
            (a.status === 'requested' || a.status === 'partially_approved') && (
              <p class="muted" id="own-advance">
                {t('advances.ownRequest')}
              </p>
            )
          )}
        </section>
      )}
      {a && maySettle(session, a) && <SettleForm advance={a} onDone={advance.reload} />}
      {a?.draws && a.draws.length > 0 && (
        <section class="panel">
          <h2>{t('advances.draws')}</h2>
          <table id="advance-draws">
            <thead>
              <tr>
                <th scope="col">{t('advances.when')}</th>
                <th scope="col">{t('advances.visit')}</th>
                <th scope="col" class="num">
                  {t('fields.amount')}
                </th>
              </tr>
            </thead>
            <tbody>
              {a.draws.map((d) => (
                <tr key={`${d.visitId}-${d.disbursementId}`}>
                  <td class="small">{dateTime(lang, d.at)}</td>
                  <td class="mono small">{d.visitId.slice(0, 8)}…</td>
                  <td class="num">{money(lang, d.amountFen)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {a?.history && (
        <section class="panel">
          <h2>{t('finance.history')}</h2>
          <ol id="advance-history" class="history">
            {a.history.map((h, i) => (
              <li key={i}>
                <span class={`status ${h.action}`}>{advanceStatusLabel(t, h.action)}</span>{' '}
                {dateTime(lang, h.at)} · {h.actor?.name ?? h.actor?.sub ?? '—'}
                {h.reason && <span> · {h.reason}</span>}
              </li>
            ))}
          </ol>
        </section>
      )}
      <ConfirmDialog
        id="advance-reject-dialog"
        open={rejecting}
        title={t('advances.rejectTitle')}
        askReason
        confirmLabel={t('finance.reject')}
        onClose={() => setRejecting(false)}
        onConfirm={(reason) => {
          setRejecting(false);
          if (a) void decide((key) => rejectAdvance(a.id, reason, key), ['reject', a.id, reason]);
        }}
      />
    </div>
  );
}
