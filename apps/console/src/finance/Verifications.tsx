import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError, ok, typed } from '../api/client';
import { dateTime, percent } from '../i18n/format';
import { useT } from '../i18n/i18n';
import { Link, navigate } from '../router';
import { ErrorNotice } from '../ui/ErrorNotice';
import { IncidentPicker, useIncident } from '../ui/IncidentPicker';
import { useAsync } from '../ui/use-async';
import { useIntentKey } from '../ui/use-intent-key';
import { intentHeaders } from './advances';
import { everyPage, useFunds, useSites } from './data';

const CONFIDENCES = [0.9, 0.95, 0.99] as const;
const MARGINS = [0.03, 0.05, 0.1] as const;

/** Draw a random sample of delivered disbursements to re-contact (confidence, margin of error). */
function DrawSample({ incidentId }: { incidentId: string }): JSX.Element {
  const { t, lang } = useT();
  const funds = useFunds(incidentId);
  const sites = useSites(incidentId);
  const [form, setForm] = useState({
    fundId: '',
    siteId: '',
    confidence: '0.95',
    margin: '0.05',
    seed: '',
  });
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const intent = useIntentKey();
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    if (!form.fundId) return;
    const body = {
      fundId: form.fundId,
      ...(form.siteId ? { siteId: form.siteId } : {}),
      confidence: Number(form.confidence) as 0.9 | 0.95 | 0.99,
      marginOfError: Number(form.margin),
      ...(form.seed.trim() ? { seed: form.seed.trim() } : {}),
    };
    setBusy(true);
    setError(undefined);
    try {
      const drawn = await ok(
        typed.POST('/api/verifications', { body, headers: intentHeaders(intent.keyFor(body)) }),
      );
      intent.spend();
      navigate(`/finance/verifications/${drawn.id}`);
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
    <section class="panel" aria-labelledby="draw-title">
      <h2 id="draw-title">{t('verify.drawTitle')}</h2>
      <p class="muted small">{t('verify.drawExplain')}</p>
      <form id="draw-form" onSubmit={(e) => void submit(e)}>
        <div class="form-row">
          <label>
            {t('fields.fund')}
            <select id="draw-fund" required value={form.fundId} onChange={set('fundId')}>
              <option value="">{t('finance.chooseFund')}</option>
              {(funds.data ?? []).map((f) => (
                <option key={f.id} value={f.id}>
                  {f.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('fields.site')}
            <select id="draw-site" value={form.siteId} onChange={set('siteId')}>
              <option value="">{t('verify.allSites')}</option>
              {(sites.data ?? []).map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('verify.confidence')}
            <select id="draw-confidence" value={form.confidence} onChange={set('confidence')}>
              {CONFIDENCES.map((c) => (
                <option key={c} value={String(c)}>
                  {percent(lang, c)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('verify.margin')}
            <select id="draw-margin" value={form.margin} onChange={set('margin')}>
              {MARGINS.map((m) => (
                <option key={m} value={String(m)}>
                  ±{percent(lang, m)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('verify.seed')}
            <input id="draw-seed" value={form.seed} onInput={set('seed')} />
          </label>
          <button type="submit" id="draw-submit" disabled={!form.fundId || busy}>
            {t('verify.draw')}
          </button>
        </div>
      </form>
      <ErrorNotice error={error} id="draw-error" />
    </section>
  );
}

/** Samples drawn so far, each a call list to work through. */
export function Verifications(): JSX.Element {
  const { t, lang } = useT();
  const [incidentId] = useIncident();
  const funds = useFunds(incidentId);
  const list = useAsync(
    (signal) =>
      incidentId
        ? everyPage((cursor) =>
            ok(
              typed.GET('/api/verifications', {
                params: { query: { incidentId, limit: 200, cursor } },
                signal,
              }),
            ),
          )
        : Promise.resolve([]),
    [incidentId],
  );
  const fundNames = new Map((funds.data ?? []).map((f) => [f.id, f.name]));
  const items = list.data ?? [];
  return (
    <div class="page">
      <div class="page-head">
        <h1>{t('verify.title')}</h1>
        <IncidentPicker />
        <button type="button" class="secondary" onClick={list.reload}>
          {t('common.refresh')}
        </button>
      </div>
      <DrawSample incidentId={incidentId} />
      <ErrorNotice error={list.error} />
      <section class="panel">
        <h2>{t('verify.samples')}</h2>
        <div class="table-wrap">
          <table id="verification-list">
            <thead>
              <tr>
                <th scope="col">{t('verify.drawnAt')}</th>
                <th scope="col">{t('fields.fund')}</th>
                <th scope="col">{t('verify.design')}</th>
                <th scope="col" class="num">
                  {t('verify.sampleOf')}
                </th>
                <th scope="col">{t('verify.progress')}</th>
              </tr>
            </thead>
            <tbody>
              {items.length === 0 && (
                <tr>
                  <td colSpan={5} class="muted">
                    {list.loading ? t('common.loading') : t('verify.none')}
                  </td>
                </tr>
              )}
              {items.map((v) => (
                <tr key={v.id} data-verification-id={v.id}>
                  <td>
                    <Link href={`/finance/verifications/${v.id}`}>
                      {dateTime(lang, v.createdAt)}
                    </Link>
                  </td>
                  <td class="small">{fundNames.get(v.fundId) ?? `${v.fundId.slice(0, 8)}…`}</td>
                  <td class="small">
                    {percent(lang, v.confidence)} · ±{percent(lang, v.marginOfError)}
                  </td>
                  <td class="num">
                    {t('verify.nOfN', { n: v.sampleSize, population: v.populationSize })}
                  </td>
                  <td class="small">
                    {t('verify.counts', {
                      done: v.sampleSize - v.counts.pending,
                      n: v.sampleSize,
                      problems: v.counts.not_received + v.counts.received_with_issues,
                    })}
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
