import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError, ok, typed } from '../api/client';
import type { Risk } from '../api/types';
import { hasRole, getSession } from '../auth/session';
import type { TFunction } from 'i18next';
import { count, date, money } from '../i18n/format';
import { type Language, useT } from '../i18n/i18n';
import { intentHeaders } from '../finance/advances';
import { beneficiaryLabel, everyPage, useBeneficiaries, useSites } from '../finance/data';
import { ConfirmDialog } from '../finance/decisions';
import { ErrorNotice } from '../ui/ErrorNotice';
import { IncidentPicker, useIncident } from '../ui/IncidentPicker';
import { relapseRuleLabel } from '../ui/labels';
import { useAsync } from '../ui/use-async';
import { useIntentKey } from '../ui/use-intent-key';

const SHOCKS = ['illness', 'disability', 'disaster', 'job_loss', 'education', 'other'] as const;

/** The rule's reason (the service words it in English) in the user's language, figures as money. */
function reasonText(t: TFunction, lang: Language, reason: string): string {
  const income =
    /per person (\d+) fen is below (\d+) fen \((\d+)% of the poverty line (\d+) fen\)/.exec(reason);
  if (income)
    return t('households.why.income', {
      perPerson: money(lang, income[1] ?? '0'),
      threshold: money(lang, income[2] ?? '0'),
      percent: income[3],
      line: money(lang, income[4] ?? '0'),
    });
  const spending =
    /essential spending (\d+) fen a month exceeds the previously assessed income (\d+) fen/.exec(
      reason,
    );
  if (spending)
    return t('households.why.spending', {
      spending: money(lang, spending[1] ?? '0'),
      income: money(lang, spending[2] ?? '0'),
    });
  const shock = /^new shock reported: (.+)$/.exec(reason);
  if (shock)
    return t('households.why.shock', {
      shocks: (shock[1] ?? '')
        .split(', ')
        .map((s) => ((SHOCKS as readonly string[]).includes(s) ? t(`shock.${s as 'other'}`) : s))
        .join('、'),
    });
  return reason;
}

/** Households a relapse rule flagged (one open follow-up per household and rule), site by site. */
export function AtRisk(): JSX.Element {
  const { t, lang } = useT();
  const session = getSession();
  const [incidentId] = useIncident();
  const risks = useAsync(
    (signal) =>
      incidentId
        ? everyPage((cursor) =>
            ok(
              typed.GET('/api/monitoring/risks', {
                params: { query: { incidentId, status: 'open', limit: 200, cursor } },
                signal,
              }),
            ),
          )
        : Promise.resolve([]),
    [incidentId],
  );
  const people = useBeneficiaries(incidentId);
  const sites = useSites(incidentId);
  const [closing, setClosing] = useState<Risk | undefined>();
  const [error, setError] = useState<unknown>();
  const intent = useIntentKey();
  const bySite = new Map<string, Risk[]>();
  for (const risk of risks.data ?? []) {
    const key = risk.siteId ?? '';
    bySite.set(key, [...(bySite.get(key) ?? []), risk]);
  }
  const siteName = (id: string): string =>
    sites.data?.find((s) => s.id === id)?.name ??
    (id ? `${id.slice(0, 8)}…` : t('households.noSite'));
  const groups = [...bySite.entries()].sort((a, b) => b[1].length - a[1].length);
  const close = async (risk: Risk, outcome: string): Promise<void> => {
    setError(undefined);
    try {
      await ok(
        typed.POST('/api/households/{beneficiaryId}/risks/{riskId}/close', {
          params: { path: { beneficiaryId: risk.beneficiaryId, riskId: risk.id } },
          body: { outcome },
          headers: intentHeaders(intent.keyFor([risk.id, outcome])),
        }),
      );
      intent.spend();
    } catch (failure) {
      if (failure instanceof ApiError && failure.status < 500) intent.spend();
      setError(failure);
    }
    risks.reload();
  };
  return (
    <div class="page">
      <div class="page-head">
        <h1>{t('households.title')}</h1>
        <IncidentPicker />
        <button type="button" class="secondary" onClick={risks.reload}>
          {t('common.refresh')}
        </button>
      </div>
      <p class="muted">{t('households.explain')}</p>
      <ErrorNotice error={risks.error ?? error} />
      {groups.length === 0 && (
        <section class="panel muted" id="at-risk-empty">
          {risks.loading ? t('common.loading') : t('households.none')}
        </section>
      )}
      {groups.map(([siteId, list]) => (
        <section
          class="panel"
          key={siteId}
          data-site-id={siteId}
          aria-labelledby={`site-${siteId}`}
        >
          <h2 id={`site-${siteId}`}>
            {siteName(siteId)}{' '}
            <span class="muted small">
              {t('households.count', {
                n: count(lang, new Set(list.map((r) => r.beneficiaryId)).size),
              })}
            </span>
          </h2>
          <div class="table-wrap">
            <table class="at-risk">
              <thead>
                <tr>
                  <th scope="col">{t('fields.beneficiaryId')}</th>
                  <th scope="col">{t('households.rule')}</th>
                  <th scope="col">{t('households.reason')}</th>
                  <th scope="col">{t('households.since')}</th>
                  <th scope="col">
                    <span class="sr-only">{t('households.close')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.map((risk) => (
                  <tr key={risk.id} data-risk-id={risk.id}>
                    <td>{beneficiaryLabel(people.data, risk.beneficiaryId)}</td>
                    <td>{relapseRuleLabel(t, risk.ruleCode)}</td>
                    <td class="small">{reasonText(t, lang, risk.reason)}</td>
                    <td class="small">{date(lang, risk.openedAt)}</td>
                    <td>
                      {hasRole(session, 'ops', 'admin', 'field') && (
                        <button
                          type="button"
                          class="secondary small"
                          aria-label={t('households.closeOne', {
                            who: beneficiaryLabel(people.data, risk.beneficiaryId),
                          })}
                          onClick={() => setClosing(risk)}
                        >
                          {t('households.close')}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
      <ConfirmDialog
        id="close-risk-dialog"
        open={closing !== undefined}
        title={t('households.closeTitle')}
        body={closing ? beneficiaryLabel(people.data, closing.beneficiaryId) : ''}
        askReason
        reasonLabel={t('households.outcome')}
        confirmLabel={t('households.close')}
        onClose={() => setClosing(undefined)}
        onConfirm={(outcome) => {
          const risk = closing;
          setClosing(undefined);
          if (risk) void close(risk, outcome);
        }}
      />
    </div>
  );
}
