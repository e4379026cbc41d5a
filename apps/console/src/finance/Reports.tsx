import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { ok, saveBlob, typed } from '../api/client';
import { useT } from '../i18n/i18n';
import { ErrorNotice } from '../ui/ErrorNotice';
import { IncidentPicker, useIncident } from '../ui/IncidentPicker';

type Kind = 'beneficiaries' | 'disbursements' | 'visits' | 'advances';
type Format = 'csv' | 'xlsx';
const KINDS: Kind[] = ['beneficiaries', 'disbursements', 'visits', 'advances'];
const FORMATS: Format[] = ['csv', 'xlsx'];

/** One export as a Blob (streamed by the service, headers in the user's language, ids masked). */
function exportBlob(kind: Kind, incidentId: string, format: Format): Promise<Blob> {
  const query = { params: { query: { incidentId, format } }, parseAs: 'blob' as const };
  switch (kind) {
    case 'beneficiaries':
      return ok(typed.GET('/api/exports/beneficiaries', query));
    case 'visits':
      return ok(typed.GET('/api/exports/visits', query));
    case 'disbursements':
    case 'advances':
      return ok(
        typed.GET('/api/exports/{kind}', { ...query, params: { ...query.params, path: { kind } } }),
      );
  }
}

/** The books as files: the four exports and the incident's finance report (PDF). */
export function Reports(): JSX.Element {
  const { t } = useT();
  const [incidentId] = useIncident();
  const [busy, setBusy] = useState<string | undefined>();
  const [error, setError] = useState<unknown>();
  const run = async (what: string, fetchFile: () => Promise<Blob>, filename: string) => {
    setBusy(what);
    setError(undefined);
    try {
      saveBlob(await fetchFile(), filename);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(undefined);
    }
  };
  return (
    <div class="page">
      <div class="page-head">
        <h1>{t('reports.title')}</h1>
        <IncidentPicker />
      </div>
      <p class="muted">{t('reports.explain')}</p>
      <ErrorNotice error={error} id="reports-error" />
      <section class="panel" aria-labelledby="report-pdf-title">
        <h2 id="report-pdf-title">{t('reports.financeReport')}</h2>
        <p class="muted small">{t('reports.financeReportExplain')}</p>
        <button
          type="button"
          id="finance-pdf"
          disabled={!incidentId || busy !== undefined}
          onClick={() =>
            void run(
              'pdf',
              () =>
                ok(
                  typed.GET('/api/reports/incidents/{id}/finance.pdf', {
                    params: { path: { id: incidentId } },
                    parseAs: 'blob',
                  }),
                ),
              `finance-${incidentId.slice(0, 8)}.pdf`,
            )
          }
        >
          {busy === 'pdf' ? t('reports.preparing') : t('reports.downloadPdf')}
        </button>
      </section>
      <section class="panel" aria-labelledby="exports-title">
        <h2 id="exports-title">{t('reports.exports')}</h2>
        <table id="exports">
          <thead>
            <tr>
              <th scope="col">{t('reports.what')}</th>
              <th scope="col">{t('reports.files')}</th>
            </tr>
          </thead>
          <tbody>
            {KINDS.map((kind) => (
              <tr key={kind}>
                <th scope="row">{t(`reports.kind.${kind}`)}</th>
                <td class="actions">
                  {FORMATS.map((format) => (
                    <button
                      key={format}
                      type="button"
                      class="secondary small"
                      data-export={`${kind}.${format}`}
                      disabled={!incidentId || busy !== undefined}
                      onClick={() =>
                        void run(
                          `${kind}.${format}`,
                          () => exportBlob(kind, incidentId, format),
                          `${kind}-${incidentId.slice(0, 8)}.${format}`,
                        )
                      }
                    >
                      <span class="sr-only">{t(`reports.kind.${kind}`)} </span>
                      {busy === `${kind}.${format}` ? t('reports.preparing') : format.toUpperCase()}
                    </button>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
