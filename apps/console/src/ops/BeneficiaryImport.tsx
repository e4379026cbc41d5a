import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, ok, saveBlob, typed } from '../api/client';
import { fieldLabel, problemText } from '../api/problems';
import type { ImportResult } from '../api/types';
import { count } from '../i18n/format';
import { LANGUAGES, type Language, useT } from '../i18n/i18n';
import { ErrorNotice } from '../ui/ErrorNotice';
import { IncidentPicker, useIncident } from '../ui/IncidentPicker';
import { useIntentKey } from '../ui/use-intent-key';
import { intentHeaders } from '../finance/advances';

const CSV = 'text/csv';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Problems listed at once: a wholly wrong file of 10,000 rows must not freeze the page. */
const SHOWN_PROBLEMS = 200;
const LANGUAGE_NAMES: Record<Language, string> = { 'zh-CN': '中文', bo: 'བོད་ཡིག', en: 'English' };

interface RowProblem {
  line: number | undefined;
  field: string;
  problem: string;
}

/** `rows[12].idNumber` → line 12, idNumber; file-level problems have no line. */
function rowProblems(error: unknown): RowProblem[] | undefined {
  if (!(error instanceof ApiError) || error.status !== 400 || !error.body.details?.length)
    return undefined;
  return error.body.details.map((d) => {
    const m = /^rows\[(\d+)\]\.(.+)$/.exec(d.field);
    return m
      ? { line: Number(m[1]), field: m[2] ?? '', problem: d.problem }
      : { line: undefined, field: d.field, problem: d.problem };
  });
}

/** Data rows of a CSV (lines after the header that hold anything); XLSX is counted by the server. */
async function csvRows(file: File): Promise<number | undefined> {
  if (!file.name.toLowerCase().endsWith('.csv')) return undefined;
  const lines = (await file.text()).split(/\r?\n/).filter((l) => l.replace(/[,\s"]/g, '') !== '');
  return Math.max(lines.length - 1, 0);
}

/** One template per language: the header row is in that language, any of them is read back. */
function Templates(): JSX.Element {
  const { t } = useT();
  const [error, setError] = useState<unknown>();
  const fetchTemplate = async (language: Language, format: 'csv' | 'xlsx'): Promise<void> => {
    setError(undefined);
    try {
      const blob = await ok(
        typed.GET('/api/beneficiaries/import/template', {
          params: { query: { format } },
          headers: { 'accept-language': language },
          parseAs: 'blob',
        }),
      );
      saveBlob(blob, `beneficiaries-template-${language}.${format}`);
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <section class="panel" aria-labelledby="template-title">
      <h2 id="template-title">{t('importer.templates')}</h2>
      <p class="muted small">{t('importer.templatesExplain')}</p>
      <ul class="template-list">
        {LANGUAGES.map((language) => (
          <li key={language}>
            <span lang={language}>{LANGUAGE_NAMES[language]}</span>{' '}
            {(['csv', 'xlsx'] as const).map((format) => (
              <button
                key={format}
                type="button"
                class="secondary small"
                data-template={`${language}.${format}`}
                onClick={() => void fetchTemplate(language, format)}
              >
                <span class="sr-only">
                  {t('importer.templateOf', { language: LANGUAGE_NAMES[language] })}{' '}
                </span>
                {format.toUpperCase()}
              </button>
            ))}
          </li>
        ))}
      </ul>
      <ErrorNotice error={error} />
    </section>
  );
}

/**
 * Bulk registration from a CSV/XLSX file. The service checks every row and writes nothing while
 * any is wrong, so the problems are listed row by row; a file without problems is written whole.
 */
export function BeneficiaryImport(): JSX.Element {
  const { t, lang } = useT();
  const [incidentId] = useIncident();
  const [file, setFile] = useState<File | undefined>();
  const [rows, setRows] = useState<number | undefined>();
  const [phase, setPhase] = useState<'idle' | 'sending' | 'done'>('idle');
  const [started, setStarted] = useState(0);
  const [elapsed, setElapsed] = useState(0);
  const [result, setResult] = useState<ImportResult | undefined>();
  const [error, setError] = useState<unknown>();
  const intent = useIntentKey();
  useEffect(() => {
    if (phase !== 'sending') return;
    const timer = setInterval(() => setElapsed(Math.round((Date.now() - started) / 1000)), 500);
    return () => clearInterval(timer);
  }, [phase, started]);
  const choose = async (chosen: File | undefined): Promise<void> => {
    setFile(chosen);
    setResult(undefined);
    setError(undefined);
    setPhase('idle');
    setRows(chosen ? await csvRows(chosen) : undefined);
  };
  const send = async (): Promise<void> => {
    if (!file || !incidentId) return;
    const type = file.name.toLowerCase().endsWith('.xlsx') ? XLSX : CSV;
    const key = intent.keyFor([incidentId, file.name, file.size, file.lastModified]);
    setPhase('sending');
    setStarted(Date.now());
    setElapsed(0);
    setError(undefined);
    try {
      const answer = await ok(
        typed.POST('/api/beneficiaries/import', {
          params: { query: { incidentId } },
          body: file as unknown as string,
          bodySerializer: (body: unknown) => body as BodyInit,
          headers: { 'content-type': type, ...intentHeaders(key) },
        }),
      );
      setResult(answer);
      setPhase('done');
    } catch (failure) {
      // A refused file changes nothing: the corrected file is a new intent with a new key.
      if (failure instanceof ApiError && failure.status < 500) intent.spend();
      setError(failure);
      setPhase('idle');
    }
  };
  const problems = rowProblems(error);
  const badLines = new Set((problems ?? []).flatMap((p) => (p.line === undefined ? [] : [p.line])));
  return (
    <div class="page">
      <div class="page-head">
        <h1>{t('importer.title')}</h1>
        <IncidentPicker />
      </div>
      <p class="muted">{t('importer.explain')}</p>
      <Templates />
      <section class="panel" aria-labelledby="import-title">
        <h2 id="import-title">{t('importer.upload')}</h2>
        <div class="form-row">
          <label>
            {t('finance.chooseFile')}
            <input
              type="file"
              id="import-file"
              accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              onChange={(e) => void choose(e.currentTarget.files?.[0])}
            />
          </label>
          <button
            type="button"
            id="import-submit"
            disabled={!file || !incidentId || phase === 'sending'}
            onClick={() => void send()}
          >
            {rows !== undefined
              ? t('importer.submitRows', { n: count(lang, rows) })
              : t('importer.submit')}
          </button>
        </div>
        {phase === 'sending' && (
          <div id="import-progress" role="status" aria-live="polite">
            <progress aria-label={t('importer.working')} />
            <p class="small">
              {rows !== undefined
                ? t('importer.workingRows', { n: count(lang, rows), seconds: elapsed })
                : t('importer.workingFile', { seconds: elapsed })}
            </p>
          </div>
        )}
        {result && (
          <p class="notice ok" role="status" id="import-done">
            {t('importer.done', { n: count(lang, result.imported) })}
          </p>
        )}
        {problems ? (
          <div class="notice error" role="alert" id="import-problems">
            <strong>
              {t('importer.nothingWritten', {
                problems: count(lang, problems.length),
                rows: count(lang, badLines.size),
              })}
            </strong>
            <div class="table-wrap">
              <table id="import-problem-table">
                <thead>
                  <tr>
                    <th scope="col">{t('finance.line')}</th>
                    <th scope="col">{t('importer.column')}</th>
                    <th scope="col">{t('importer.problem')}</th>
                  </tr>
                </thead>
                <tbody>
                  {problems.slice(0, SHOWN_PROBLEMS).map((p, i) => (
                    <tr key={i} data-line={p.line ?? ''}>
                      <td>{p.line ?? '—'}</td>
                      <td>{fieldLabel(t, p.field)}</td>
                      <td>{problemText(t, lang, p.problem)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {problems.length > SHOWN_PROBLEMS && (
              <p class="small" id="import-more">
                {t('importer.more', { n: count(lang, problems.length - SHOWN_PROBLEMS) })}
              </p>
            )}
          </div>
        ) : (
          <ErrorNotice error={error} id="import-error" />
        )}
      </section>
    </div>
  );
}
