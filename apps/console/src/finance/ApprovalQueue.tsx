import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError } from '../api/client';
import type { Disbursement } from '../api/types';
import { getSession } from '../auth/session';
import { count, dateTime, money } from '../i18n/format';
import { useT } from '../i18n/i18n';
import { Link } from '../router';
import { ErrorNotice } from '../ui/ErrorNotice';
import { IncidentPicker, useIncident } from '../ui/IncidentPicker';
import { useAsync } from '../ui/use-async';
import { AdvanceQueue } from './AdvanceQueue';
import { beneficiaryLabel, useBeneficiaries, useFunds, undecided } from './data';
import { approve, ApprovalProgress, ConfirmDialog, mayDecide, reject } from './decisions';

type Pending = { kind: 'bulk' } | { kind: 'reject'; d: Disbursement } | undefined;

/**
 * What this approver may decide (never their own requests, never twice), oldest first. Works
 * with the keyboard alone: every control is a native checkbox or button in reading order, and
 * the dialogs are native modals.
 */
export function ApprovalQueue(): JSX.Element {
  const { t, lang } = useT();
  const session = getSession();
  const [incidentId] = useIncident();
  const queue = useAsync((signal) => undecided(signal), []);
  const people = useBeneficiaries(incidentId);
  const funds = useFunds(incidentId);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [pending, setPending] = useState<Pending>();
  const [message, setMessage] = useState<
    { kind: 'ok' | 'conflict' | 'error'; text?: string; error?: unknown } | undefined
  >();
  const [busy, setBusy] = useState(false);
  const fundNames = new Map((funds.data ?? []).map((f) => [f.id, f.name]));
  const items = (queue.data ?? []).filter(
    (d) => mayDecide(session, d) && (!incidentId || !d.incidentId || d.incidentId === incidentId),
  );
  const chosen = items.filter((d) => selected.has(d.id));
  const chosenTotal = chosen.reduce((sum, d) => sum + BigInt(d.amountFen), 0n);

  const refresh = (): void => {
    setSelected(new Set());
    queue.reload();
  };

  /** Decides each request in turn; a 409 (decided by someone else first) is said plainly. */
  const run = async (
    work: { d: Disbursement; act: () => Promise<Disbursement> }[],
    done: (n: number) => string,
  ): Promise<void> => {
    setBusy(true);
    setMessage(undefined);
    let ok = 0;
    let conflicts = 0;
    let failure: unknown;
    for (const { act } of work) {
      try {
        await act();
        ok++;
      } catch (error) {
        if (error instanceof ApiError && error.status === 409) conflicts++;
        else failure ??= error;
      }
    }
    setBusy(false);
    if (conflicts) setMessage({ kind: 'conflict', text: t('finance.conflict', { n: conflicts }) });
    else if (failure) setMessage({ kind: 'error', error: failure });
    else setMessage({ kind: 'ok', text: done(ok) });
    refresh();
  };

  const toggle = (id: string): void =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <div class="page">
      <div class="page-head">
        <h1>{t('finance.queueTitle')}</h1>
        <IncidentPicker />
        <button type="button" class="secondary" onClick={refresh}>
          {t('common.refresh')}
        </button>
      </div>
      <p class="muted">{t('finance.queueExplain')}</p>
      <ErrorNotice error={queue.error} />
      {message?.kind === 'conflict' && (
        <div class="notice error" role="alert" id="queue-conflict">
          <strong>{t('errors.409')}</strong>
          <div>{message.text}</div>
        </div>
      )}
      {message?.kind === 'ok' && (
        <p class="notice ok" role="status" id="queue-ok">
          {message.text}
        </p>
      )}
      {message?.kind === 'error' && <ErrorNotice error={message.error} />}
      <AdvanceQueue incidentId={incidentId} />
      <section class="panel">
        <div class="actions">
          <button
            type="button"
            id="bulk-approve"
            disabled={busy || chosen.length === 0}
            onClick={() => setPending({ kind: 'bulk' })}
          >
            {t('finance.bulkApprove', { n: count(lang, chosen.length) })}
          </button>
          <span class="muted small">
            {t('finance.selectedTotal', { total: money(lang, chosenTotal) })}
          </span>
        </div>
        <div class="table-wrap">
          <table id="approval-queue">
            <caption class="sr-only">{t('finance.queueTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">
                  <input
                    type="checkbox"
                    aria-label={t('finance.selectAll')}
                    checked={items.length > 0 && chosen.length === items.length}
                    onChange={(e) =>
                      setSelected(
                        e.currentTarget.checked ? new Set(items.map((d) => d.id)) : new Set(),
                      )
                    }
                  />
                </th>
                <th scope="col">{t('fields.beneficiaryId')}</th>
                <th scope="col">{t('fields.fund')}</th>
                <th scope="col" class="num">
                  {t('fields.amount')}
                </th>
                <th scope="col">{t('fields.requestedBy')}</th>
                <th scope="col">{t('fields.approvals')}</th>
                <th scope="col">
                  <span class="sr-only">{t('finance.decide')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.length === 0 && (
                <tr>
                  <td colSpan={7} class="muted">
                    {queue.loading ? t('common.loading') : t('finance.queueEmpty')}
                  </td>
                </tr>
              )}
              {items.map((d) => {
                const who = beneficiaryLabel(people.data, d.beneficiaryId);
                return (
                  <tr
                    key={d.id}
                    data-request-id={d.id}
                    class={selected.has(d.id) ? 'selected' : ''}
                  >
                    <td>
                      <input
                        type="checkbox"
                        class="select-request"
                        aria-label={t('finance.selectOne', {
                          who,
                          amount: money(lang, d.amountFen),
                        })}
                        checked={selected.has(d.id)}
                        onChange={() => toggle(d.id)}
                      />
                    </td>
                    <td>
                      <Link href={`/finance/requests/${d.id}`}>{who}</Link>
                      <div class="muted small">{d.purpose}</div>
                    </td>
                    <td class="small">{fundNames.get(d.fundId) ?? d.fundId.slice(0, 8)}</td>
                    <td class="num strong">{money(lang, d.amountFen)}</td>
                    <td class="small">
                      {d.requestedBy}
                      <div class="muted">{dateTime(lang, d.createdAt)}</div>
                    </td>
                    <td>
                      <ApprovalProgress d={d} />
                    </td>
                    <td class="actions">
                      <button
                        type="button"
                        class="approve small"
                        disabled={busy}
                        aria-label={t('finance.approveOne', {
                          who,
                          amount: money(lang, d.amountFen),
                        })}
                        onClick={() =>
                          void run([{ d, act: () => approve(d.id) }], (n) =>
                            t('finance.approved', { n }),
                          )
                        }
                      >
                        {t('finance.approve')}
                      </button>
                      <button
                        type="button"
                        class="secondary small reject"
                        disabled={busy}
                        aria-label={t('finance.rejectOne', {
                          who,
                          amount: money(lang, d.amountFen),
                        })}
                        onClick={() => setPending({ kind: 'reject', d })}
                      >
                        {t('finance.reject')}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>
      <ConfirmDialog
        id="bulk-confirm"
        open={pending?.kind === 'bulk'}
        title={t('finance.bulkConfirmTitle')}
        body={t('finance.bulkConfirmBody', {
          n: count(lang, chosen.length),
          total: money(lang, chosenTotal),
        })}
        confirmLabel={t('finance.bulkConfirm', { n: count(lang, chosen.length) })}
        onClose={() => setPending(undefined)}
        onConfirm={() => {
          setPending(undefined);
          void run(
            chosen.map((d) => ({ d, act: () => approve(d.id) })),
            (n) => t('finance.approved', { n }),
          );
        }}
      />
      <ConfirmDialog
        id="reject-dialog"
        open={pending?.kind === 'reject'}
        title={t('finance.rejectTitle')}
        body={
          pending?.kind === 'reject'
            ? `${beneficiaryLabel(people.data, pending.d.beneficiaryId)} · ${money(lang, pending.d.amountFen)}`
            : ''
        }
        askReason
        confirmLabel={t('finance.reject')}
        onClose={() => setPending(undefined)}
        onConfirm={(reason) => {
          if (pending?.kind !== 'reject') return;
          const d = pending.d;
          setPending(undefined);
          void run([{ d, act: () => reject(d.id, reason) }], () => t('finance.rejected'));
        }}
      />
    </div>
  );
}
