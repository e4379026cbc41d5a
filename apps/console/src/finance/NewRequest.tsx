import type { JSX } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import type { TFunction } from 'i18next';
import { ApiError, idempotencyKey, newIdempotencyKey, ok, typed } from '../api/client';
import type { Beneficiary, Disbursement } from '../api/types';
import { count, money, yuanToFen } from '../i18n/format';
import { useT } from '../i18n/i18n';
import { Link, useLocation } from '../router';
import { ErrorNotice } from '../ui/ErrorNotice';
import { IncidentPicker, useIncident } from '../ui/IncidentPicker';
import { useIntentKey } from '../ui/use-intent-key';
import { beneficiaryLabel, useBeneficiaries, useFunds, useSites } from './data';
import { checkRows, parseCsv, parseXlsx, type RequestRow, type RowProblem } from './request-rows';

type Mode = 'single' | 'site' | 'file';

interface BatchResult {
  line: number;
  beneficiaryId: string;
  outcome: 'created' | 'failed';
  id?: string;
  error?: unknown;
}

export function problemLabel(t: TFunction, p: RowProblem): string {
  switch (p.kind) {
    case 'unknownBeneficiary':
      return t('problems.unknownBeneficiary');
    case 'notAmount':
      return t('problems.notAmount');
    case 'duplicateRow':
      return t('problems.duplicateRow', { row: p.row });
    case 'missingColumn':
      return t('problems.missingColumn', { column: p.column });
  }
}

/** Sends the rows one by one, each with its own key (a retry of the batch creates nothing twice). */
async function sendBatch(
  rows: { line: number; beneficiaryId: string; amountFen: number; note?: string }[],
  common: { fundId: string; purpose: string },
  batchKey: string,
  onProgress: (done: number) => void,
): Promise<BatchResult[]> {
  const results: BatchResult[] = [];
  for (const row of rows) {
    const body = {
      ...common,
      beneficiaryId: row.beneficiaryId,
      amountFen: row.amountFen,
      ...(row.note ? { note: row.note } : {}),
    };
    for (let attempt = 1; ; attempt++) {
      try {
        const created = await ok(
          typed.POST('/api/disbursements', {
            params: { header: idempotencyKey(`${batchKey}:${row.line}`) },
            body,
          }),
        );
        results.push({
          line: row.line,
          beneficiaryId: row.beneficiaryId,
          outcome: 'created',
          id: created.id,
        });
        break;
      } catch (error) {
        // Over the per-user write limit (429): wait and resend with the same key (nothing doubles).
        if (error instanceof ApiError && error.status === 429 && attempt < 12) {
          await new Promise((resolve) => setTimeout(resolve, 5000));
          continue;
        }
        results.push({
          line: row.line,
          beneficiaryId: row.beneficiaryId,
          outcome: 'failed',
          error,
        });
        break;
      }
    }
    onProgress(results.length);
  }
  return results;
}

function Results({
  results,
  people,
}: {
  results: BatchResult[];
  people: Map<string, Beneficiary> | undefined;
}): JSX.Element {
  const { t } = useT();
  const failed = results.filter((r) => r.outcome === 'failed').length;
  return (
    <section class="panel" id="batch-results" aria-live="polite">
      <h2>{t('finance.batchDone', { created: results.length - failed, failed })}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('finance.line')}</th>
            <th scope="col">{t('fields.beneficiaryId')}</th>
            <th scope="col">{t('fields.status')}</th>
          </tr>
        </thead>
        <tbody>
          {results.map((r) => (
            <tr key={r.line} class={r.outcome === 'failed' ? 'row-error' : ''}>
              <td class="num">{r.line}</td>
              <td>{beneficiaryLabel(people, r.beneficiaryId)}</td>
              <td>
                {r.outcome === 'created' && r.id ? (
                  <Link href={`/finance/requests/${r.id}`}>{t('finance.created')}</Link>
                ) : (
                  <ErrorNotice error={r.error} />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function NewRequest(): JSX.Element {
  const { t, lang } = useT();
  const where = useLocation();
  const [incidentId] = useIncident();
  const funds = useFunds(incidentId);
  const people = useBeneficiaries(incidentId);
  const sites = useSites(incidentId);
  const [mode, setMode] = useState<Mode>('single');
  const [fundId, setFundId] = useState(where.query.get('fund') ?? '');
  const [purpose, setPurpose] = useState(() => t('purpose.condolence'));
  const [beneficiaryId, setBeneficiaryId] = useState('');
  const [amount, setAmount] = useState('');
  const [note, setNote] = useState('');
  const [siteId, setSiteId] = useState('');
  const [fileRows, setFileRows] = useState<
    { rows: RequestRow[]; fileProblems: RowProblem[]; name: string } | undefined
  >();
  const [error, setError] = useState<unknown>();
  const [created, setCreated] = useState<Disbursement | undefined>();
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState(0);
  const [results, setResults] = useState<BatchResult[] | undefined>();
  const [batchKey, setBatchKey] = useState(newIdempotencyKey);
  const intent = useIntentKey();
  const amountFen = yuanToFen(amount);
  const fund = (funds.data ?? []).find((f) => f.id === fundId);
  const people_ = people.data;

  const siteRows = useMemo(
    () =>
      [...(people_?.values() ?? [])]
        .filter((b) => b.siteId === siteId)
        .map((b, i) => ({ line: i + 1, beneficiaryId: b.id, amountFen: amountFen ?? 0 })),
    [people_, siteId, amountFen],
  );
  const batchRows =
    mode === 'site'
      ? siteRows
      : (fileRows?.rows ?? []).map((r) => ({
          line: r.line,
          beneficiaryId: r.beneficiaryId,
          amountFen: r.amountFen ?? 0,
          ...(r.note ? { note: r.note } : {}),
        }));
  const badRows = (fileRows?.rows ?? []).filter((r) => r.problems.length > 0);
  const batchTotal = batchRows.reduce((sum, r) => sum + BigInt(r.amountFen), 0n);
  const batchReady =
    !!fund &&
    purpose.trim() !== '' &&
    batchRows.length > 0 &&
    (mode === 'site'
      ? amountFen !== undefined && amountFen > 0
      : !!fileRows && fileRows.fileProblems.length === 0 && badRows.length === 0);

  const reset = (): void => {
    setError(undefined);
    setCreated(undefined);
    setResults(undefined);
  };

  const submitSingle = async (event: Event): Promise<void> => {
    event.preventDefault();
    if (!fund || amountFen === undefined) return;
    const body = {
      fundId: fund.id,
      beneficiaryId,
      amountFen,
      purpose: purpose.trim(),
      ...(note.trim() ? { note: note.trim() } : {}),
    };
    reset();
    setBusy(true);
    try {
      setCreated(
        await ok(
          typed.POST('/api/disbursements', {
            params: { header: idempotencyKey(intent.keyFor(body)) },
            body,
          }),
        ),
      );
      intent.spend();
    } catch (failure) {
      if (failure instanceof ApiError && failure.status < 500) intent.spend();
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const submitBatch = async (): Promise<void> => {
    if (!fund || !batchReady) return;
    reset();
    setBusy(true);
    setProgress(0);
    try {
      setResults(
        await sendBatch(
          batchRows,
          { fundId: fund.id, purpose: purpose.trim() },
          batchKey,
          setProgress,
        ),
      );
      setBatchKey(newIdempotencyKey());
    } finally {
      setBusy(false);
    }
  };

  const readFile = async (file: File): Promise<void> => {
    reset();
    try {
      const table = /\.xlsx$/i.test(file.name)
        ? await parseXlsx(await file.arrayBuffer())
        : parseCsv(await file.text());
      setFileRows({
        ...checkRows(table, people_ ?? new Map<string, Beneficiary>()),
        name: file.name,
      });
      setBatchKey(newIdempotencyKey());
    } catch (failure) {
      setFileRows(undefined);
      setError(failure);
    }
  };

  return (
    <div class="page">
      <div class="page-head">
        <h1>{t('finance.newRequestTitle')}</h1>
        <IncidentPicker />
      </div>
      <ErrorNotice error={funds.error ?? people.error} />
      <section class="panel">
        <div class="form-row">
          <label>
            {t('fields.fund')}
            <select
              id="request-fund"
              value={fundId}
              required
              onChange={(e) => setFundId(e.currentTarget.value)}
            >
              <option value="">{t('finance.chooseFund')}</option>
              {(funds.data ?? []).map((f) => (
                <option key={f.id} value={f.id}>
                  {f.name} · {f.ownerOrgCode} · {t('balances.available')}{' '}
                  {money(lang, f.availableFen)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('fields.purpose')}
            <input
              id="request-purpose"
              required
              value={purpose}
              onInput={(e) => setPurpose(e.currentTarget.value)}
            />
          </label>
        </div>
        <div role="tablist" class="actions" aria-label={t('finance.howMany')}>
          {(['single', 'site', 'file'] as const).map((m) => (
            <button
              key={m}
              type="button"
              role="tab"
              id={`mode-${m}`}
              aria-selected={mode === m}
              class={mode === m ? '' : 'secondary'}
              onClick={() => {
                setMode(m);
                reset();
              }}
            >
              {t(`finance.mode.${m}`)}
            </button>
          ))}
        </div>
      </section>

      {mode === 'single' && (
        <form class="panel" aria-labelledby="mode-single" onSubmit={(e) => void submitSingle(e)}>
          <div class="form-row">
            <label>
              {t('fields.beneficiaryId')}
              <select
                id="request-beneficiary"
                value={beneficiaryId}
                required
                onChange={(e) => setBeneficiaryId(e.currentTarget.value)}
              >
                <option value="">{t('finance.chooseBeneficiary')}</option>
                {[...(people_?.values() ?? [])].map((b) => (
                  <option key={b.id} value={b.id}>
                    {b.fullName} · {b.idNumberMasked}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('finance.amountYuan')}
              <input
                id="request-amount"
                required
                inputMode="decimal"
                value={amount}
                onInput={(e) => setAmount(e.currentTarget.value)}
              />
            </label>
            <label>
              {t('fields.note')}
              <input value={note} onInput={(e) => setNote(e.currentTarget.value)} />
            </label>
            <button
              type="submit"
              id="request-submit"
              disabled={busy || !fund || !beneficiaryId || amountFen === undefined}
            >
              {t('finance.submitRequest')}
            </button>
          </div>
          {amount && amountFen === undefined && <p class="bad small">{t('problems.notAmount')}</p>}
          <ErrorNotice error={error} id="request-error" />
          {created && (
            <p class="notice ok" role="status" id="request-created">
              {t('finance.requestCreated', { amount: money(lang, created.amountFen) })}{' '}
              <Link href={`/finance/requests/${created.id}`}>{t('common.details')}</Link>
            </p>
          )}
        </form>
      )}

      {mode === 'site' && (
        <section class="panel" role="tabpanel" aria-labelledby="mode-site">
          <div class="form-row">
            <label>
              {t('fields.site')}
              <select
                id="request-site"
                value={siteId}
                onChange={(e) => setSiteId(e.currentTarget.value)}
              >
                <option value="">{t('finance.chooseSite')}</option>
                {(sites.data ?? []).map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('finance.amountEachYuan')}
              <input
                id="site-amount"
                inputMode="decimal"
                value={amount}
                onInput={(e) => setAmount(e.currentTarget.value)}
              />
            </label>
          </div>
          {siteId && (
            <p id="site-preview">
              {t('finance.sitePreview', {
                n: count(lang, siteRows.length),
                total: money(lang, batchTotal),
              })}
            </p>
          )}
        </section>
      )}

      {mode === 'file' && (
        <section class="panel" role="tabpanel" aria-labelledby="mode-file">
          <p class="muted small">{t('finance.fileHelp')}</p>
          <label>
            {t('finance.chooseFile')}
            <input
              type="file"
              id="request-file"
              accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              onChange={(e) => {
                const file = e.currentTarget.files?.[0];
                if (file) void readFile(file);
              }}
            />
          </label>
          {fileRows && (
            <div id="file-check">
              {fileRows.fileProblems.map((p) => (
                <p class="notice error" role="alert" key={problemLabel(t, p)}>
                  {problemLabel(t, p)}
                </p>
              ))}
              {fileRows.rows.length > 0 && (
                <p role="status" id="file-summary" class={badRows.length ? 'bad' : 'good'}>
                  {badRows.length
                    ? t('finance.fileBadRows', {
                        bad: count(lang, badRows.length),
                        total: count(lang, fileRows.rows.length),
                      })
                    : t('finance.fileAllGood', {
                        total: count(lang, fileRows.rows.length),
                        amount: money(lang, batchTotal),
                      })}
                </p>
              )}
              <div class="table-wrap">
                <table id="file-rows">
                  <thead>
                    <tr>
                      <th scope="col">{t('finance.line')}</th>
                      <th scope="col">{t('fields.beneficiaryId')}</th>
                      <th scope="col" class="num">
                        {t('fields.amount')}
                      </th>
                      <th scope="col">{t('finance.rowCheck')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {fileRows.rows.map((r) => (
                      <tr
                        key={r.line}
                        class={r.problems.length ? 'row-error' : ''}
                        data-line={r.line}
                      >
                        <td class="num">{r.line}</td>
                        <td>
                          {people_?.has(r.beneficiaryId) ? (
                            beneficiaryLabel(people_, r.beneficiaryId)
                          ) : (
                            <span class="mono small">{r.beneficiaryId || '—'}</span>
                          )}
                        </td>
                        <td class="num">
                          {r.amountFen !== undefined
                            ? money(lang, r.amountFen)
                            : r.amountText || '—'}
                        </td>
                        <td>
                          {r.problems.length
                            ? r.problems.map((p) => problemLabel(t, p)).join('；')
                            : t('finance.rowOk')}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </div>
          )}
        </section>
      )}

      {mode !== 'single' && (
        <section class="panel">
          <div class="actions">
            <button
              type="button"
              id="batch-submit"
              disabled={busy || !batchReady}
              onClick={() => void submitBatch()}
            >
              {t('finance.submitBatch', {
                n: count(lang, batchRows.length),
                total: money(lang, batchTotal),
              })}
            </button>
            {busy && (
              <span role="status">
                {count(lang, progress)} / {count(lang, batchRows.length)}
              </span>
            )}
          </div>
          <ErrorNotice error={error} />
        </section>
      )}
      {results && <Results results={results} people={people_} />}
    </div>
  );
}
