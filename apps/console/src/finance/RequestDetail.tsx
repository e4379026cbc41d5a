import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError, ok, typed } from '../api/client';
import type { Disbursement } from '../api/types';
import { getSession } from '../auth/session';
import { dateTime, money } from '../i18n/format';
import { useT } from '../i18n/i18n';
import { Link } from '../router';
import { ErrorNotice } from '../ui/ErrorNotice';
import { statusLabel } from '../ui/labels';
import { useAsync } from '../ui/use-async';
import { useIntentKey } from '../ui/use-intent-key';
import { intentHeaders } from './advances';
import { approve, ApprovalProgress, ConfirmDialog, mayDecide, reject } from './decisions';

/** An approved, undelivered disbursement's reservation returns to available (with a reason). */
const release = (id: string, reason: string, key: string): Promise<Disbursement> =>
  ok(
    typed.POST('/api/disbursements/{id}/cancel', {
      params: { path: { id } },
      body: { reason },
      headers: intentHeaders(key),
    }),
  );

/** The requester or an approver may release an approved disbursement nobody has handed over yet. */
function mayRelease(session: ReturnType<typeof getSession>, d: Disbursement): boolean {
  if (!session || d.status !== 'approved') return false;
  return session.user.sub === d.requestedBy || session.user.roles.includes('approver');
}

/** One request: its figures, who asked, dual-approval progress, and its history. */
export function RequestDetail({ params }: { params: Record<string, string> }): JSX.Element {
  const { t, lang } = useT();
  const id = params.id ?? '';
  const request = useAsync(
    (signal) => ok(typed.GET('/api/disbursements/{id}', { params: { path: { id } }, signal })),
    [id],
  );
  const [rejecting, setRejecting] = useState(false);
  const [releasing, setReleasing] = useState(false);
  const [released, setReleased] = useState(false);
  const intent = useIntentKey();
  const [error, setError] = useState<unknown>();
  const [conflict, setConflict] = useState(false);
  const d = request.data;
  const session = getSession();
  const decide = async (act: () => Promise<Disbursement>): Promise<void> => {
    setError(undefined);
    setConflict(false);
    try {
      await act();
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 409) setConflict(true);
      else setError(failure);
    }
    request.reload();
  };
  return (
    <div class="page">
      <div class="page-head">
        <Link href="/finance/requests">← {t('nav.requests')}</Link>
        <h1>{t('finance.requestTitle')}</h1>
      </div>
      <ErrorNotice error={request.error ?? error} />
      {conflict && (
        <div class="notice error" role="alert">
          <strong>{t('errors.409')}</strong>
        </div>
      )}
      {d && (
        <section class="panel" id="request-detail" data-status={d.status}>
          <dl class="figures">
            <dt>{t('fields.amount')}</dt>
            <dd class="strong">{money(lang, d.amountFen)}</dd>
            <dt>{t('fields.status')}</dt>
            <dd>
              <span class={`status ${d.status}`} id="request-status">
                {statusLabel(t, d.status)}
              </span>
            </dd>
            <dt>{t('fields.approvals')}</dt>
            <dd>
              <ApprovalProgress d={d} />
            </dd>
            <dt>{t('fields.purpose')}</dt>
            <dd>{d.purpose}</dd>
            <dt>{t('fields.fund')}</dt>
            <dd>
              <Link href={`/finance/funds/${d.fundId}`}>{d.fundId.slice(0, 8)}…</Link>
            </dd>
            <dt>{t('fields.requestedBy')}</dt>
            <dd>{d.requestedBy}</dd>
            {d.decisionReason && (
              <>
                <dt>{t('fields.reason')}</dt>
                <dd>{d.decisionReason}</dd>
              </>
            )}
          </dl>
          {mayRelease(session, d) && (
            <div class="actions">
              <button
                type="button"
                class="secondary"
                id="release"
                onClick={() => setReleasing(true)}
              >
                {t('release.action')}
              </button>
              <span class="muted small">{t('release.explain')}</span>
            </div>
          )}
          {released && (
            <p class="notice ok" role="status" id="released">
              {t('release.done', { amount: money(lang, d.amountFen) })}
            </p>
          )}
          {mayDecide(session, d) ? (
            <div class="actions">
              <button type="button" id="approve" onClick={() => void decide(() => approve(d.id))}>
                {t('finance.approve')}
              </button>
              <button
                type="button"
                class="secondary"
                id="reject"
                onClick={() => setRejecting(true)}
              >
                {t('finance.reject')}
              </button>
            </div>
          ) : (
            session?.user.sub === d.requestedBy &&
            (d.status === 'requested' || d.status === 'partially_approved') && (
              <p class="muted" id="own-request">
                {t('finance.ownRequest')}
              </p>
            )
          )}
        </section>
      )}
      {d?.history && (
        <section class="panel">
          <h2>{t('finance.history')}</h2>
          <ol id="request-history" class="history">
            {d.history.map((h, i) => (
              <li key={i}>
                <span class={`status ${h.action}`}>{statusLabel(t, h.action)}</span>{' '}
                {dateTime(lang, h.at)} · {h.actor?.name ?? h.actor?.sub ?? '—'}
                {h.reason && <span> · {h.reason}</span>}
              </li>
            ))}
          </ol>
        </section>
      )}
      <ConfirmDialog
        id="release-dialog"
        open={releasing}
        title={t('release.title')}
        body={d ? t('release.body', { amount: money(lang, d.amountFen) }) : ''}
        askReason
        confirmLabel={t('release.action')}
        onClose={() => setReleasing(false)}
        onConfirm={(reason) => {
          setReleasing(false);
          if (!d) return;
          void decide(async () => {
            const answer = await release(d.id, reason, intent.keyFor([d.id, reason]));
            intent.spend();
            setReleased(true);
            return answer;
          });
        }}
      />
      <ConfirmDialog
        id="reject-dialog"
        open={rejecting}
        title={t('finance.rejectTitle')}
        askReason
        confirmLabel={t('finance.reject')}
        onClose={() => setRejecting(false)}
        onConfirm={(reason) => {
          setRejecting(false);
          if (d) void decide(() => reject(d.id, reason));
        }}
      />
    </div>
  );
}
