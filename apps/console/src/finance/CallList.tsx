import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError, ok, typed } from '../api/client';
import type { Outcome, Verification, VerificationItem } from '../api/types';
import { count, dateTime, money, percent, yuanToFen } from '../i18n/format';
import { useT } from '../i18n/i18n';
import { Link } from '../router';
import { ErrorNotice } from '../ui/ErrorNotice';
import { OUTCOMES, outcomeLabel } from '../ui/labels';
import { useAsync } from '../ui/use-async';
import { useIntentKey } from '../ui/use-intent-key';
import { intentHeaders } from './advances';
import { useBeneficiaries, useSites } from './data';

/** One person to call: who, what they should have received, and the answer to record. */
function CallCard({
  verificationId,
  item,
  who,
  phone,
  site,
  onRecorded,
}: {
  verificationId: string;
  item: VerificationItem;
  who: string;
  phone: string;
  site: string;
  onRecorded: (v: Verification) => void;
}): JSX.Element {
  const { t, lang } = useT();
  const [outcome, setOutcome] = useState<Outcome | ''>('');
  const [received, setReceived] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const intent = useIntentKey();
  const receivedFen = received.trim() ? yuanToFen(received) : undefined;
  const needsNote = outcome === 'not_received' || outcome === 'received_with_issues';
  const valid = outcome !== '' && (received.trim() === '' || receivedFen !== undefined);
  const headingId = `call-${item.position}`;
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    if (outcome === '' || !valid) return;
    const body = {
      outcome,
      ...(receivedFen !== undefined ? { receivedAmountFen: receivedFen } : {}),
      ...(note.trim() ? { note: note.trim() } : {}),
    };
    setBusy(true);
    setError(undefined);
    try {
      const view = await ok(
        typed.POST('/api/verifications/{id}/items/{disbursementId}', {
          params: { path: { id: verificationId, disbursementId: item.disbursementId } },
          body,
          headers: intentHeaders(intent.keyFor([item.disbursementId, body])),
        }),
      );
      intent.spend();
      onRecorded(view);
    } catch (failure) {
      if (failure instanceof ApiError && failure.status < 500) intent.spend();
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <li
      class={`call ${item.outcome ?? 'pending'}`}
      data-disbursement-id={item.disbursementId}
      data-outcome={item.outcome ?? 'pending'}
      aria-labelledby={headingId}
    >
      <div class="call-head">
        <h3 id={headingId}>
          <span class="muted">#{item.position}</span> {who}
        </h3>
        <span class="strong">{money(lang, item.amountFen)}</span>
      </div>
      <div class="small muted">
        {site}
        {phone && (
          <>
            {' · '}
            <span class="mono">{phone}</span>
          </>
        )}
      </div>
      {item.outcome ? (
        <p class="call-done">
          <span class={`status ${item.outcome}`}>{outcomeLabel(t, item.outcome)}</span>{' '}
          <span class="small muted">{dateTime(lang, item.recordedAt)}</span>
          {item.receivedAmountFen !== undefined && (
            <span class="small"> · {money(lang, item.receivedAmountFen)}</span>
          )}
          {item.note && <span class="small"> · {item.note}</span>}
        </p>
      ) : (
        <form onSubmit={(e) => void submit(e)}>
          <fieldset class="outcomes">
            <legend class="small">{t('verify.answer')}</legend>
            {OUTCOMES.map((o) => (
              <label key={o} class={`choice ${outcome === o ? 'chosen' : ''}`}>
                <input
                  type="radio"
                  name={`outcome-${item.disbursementId}`}
                  value={o}
                  checked={outcome === o}
                  onChange={() => setOutcome(o)}
                />
                {outcomeLabel(t, o)}
              </label>
            ))}
          </fieldset>
          {needsNote && (
            <div class="form-row">
              <label>
                {t('verify.receivedYuan')}
                <input
                  inputMode="decimal"
                  value={received}
                  aria-invalid={received.trim() !== '' && receivedFen === undefined}
                  onInput={(e) => setReceived(e.currentTarget.value)}
                />
              </label>
              <label>
                {t('fields.note')}
                <input value={note} onInput={(e) => setNote(e.currentTarget.value)} />
              </label>
            </div>
          )}
          <button type="submit" class="record" disabled={!valid || busy}>
            {t('verify.record')}
          </button>
          {needsNote && <p class="small muted">{t('verify.opensGrievance')}</p>}
          <ErrorNotice error={error} />
        </form>
      )}
    </li>
  );
}

/** A drawn sample as a call list, one card per person: works on a phone held in one hand. */
export function CallList({ params }: { params: Record<string, string> }): JSX.Element {
  const { t, lang } = useT();
  const id = params.id ?? '';
  const loaded = useAsync(
    (signal) => ok(typed.GET('/api/verifications/{id}', { params: { path: { id } }, signal })),
    [id],
  );
  const [fresh, setFresh] = useState<Verification | undefined>();
  const v = fresh?.id === id ? fresh : loaded.data;
  const people = useBeneficiaries(v?.incidentId ?? '');
  const sites = useSites(v?.incidentId ?? '');
  const siteNames = new Map((sites.data ?? []).map((s) => [s.id, s.name]));
  const [showDone, setShowDone] = useState(false);
  const items = (v?.items ?? []).filter((i) => showDone || !i.outcome);
  return (
    <div class="page call-list">
      <div class="page-head">
        <Link href="/finance/verifications">← {t('verify.title')}</Link>
        <h1>{t('verify.callListTitle')}</h1>
      </div>
      <ErrorNotice error={loaded.error} />
      {v && (
        <section class="panel" id="verification-summary">
          <p class="small">
            {t('verify.design')}: {percent(lang, v.confidence)} · ±{percent(lang, v.marginOfError)}{' '}
            · {t('verify.nOfN', { n: v.sampleSize, population: v.populationSize })} ·{' '}
            <span>{t('verify.seedIs', { seed: v.seed })}</span>
          </p>
          <ul class="counts" id="verification-counts">
            {(['pending', ...OUTCOMES] as const).map((o) => (
              <li key={o} data-outcome={o}>
                <span class="kpi-value">{count(lang, v.counts[o])}</span>{' '}
                <span class="small">{outcomeLabel(t, o === 'pending' ? undefined : o)}</span>
              </li>
            ))}
          </ul>
          <label class="inline small">
            <input
              type="checkbox"
              id="show-done"
              checked={showDone}
              onChange={(e) => setShowDone(e.currentTarget.checked)}
            />
            {t('verify.showDone')}
          </label>
        </section>
      )}
      {v && (
        <ol class="calls" id="call-list">
          {items.length === 0 && <li class="muted">{t('verify.allCalled')}</li>}
          {items.map((item) => {
            const b = people.data?.get(item.beneficiaryId);
            return (
              <CallCard
                key={item.disbursementId}
                verificationId={v.id}
                item={item}
                who={
                  b ? `${b.fullName} · ${b.idNumberMasked}` : `${item.beneficiaryId.slice(0, 8)}…`
                }
                phone={b?.phoneMasked ?? ''}
                site={(item.siteId && siteNames.get(item.siteId)) ?? '—'}
                onRecorded={setFresh}
              />
            );
          })}
        </ol>
      )}
    </div>
  );
}
