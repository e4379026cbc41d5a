import type { JSX } from 'preact';
import type { Fund } from '../api/types';
import { money } from '../i18n/format';
import { useT } from '../i18n/i18n';
import { Link } from '../router';
import { ErrorNotice } from '../ui/ErrorNotice';
import { IncidentPicker, useIncident } from '../ui/IncidentPicker';
import { fundPurposeLabel, fundSourceLabel } from '../ui/labels';
import { identityHolds, useFunds } from './data';

/** Funds in tree order: each fund followed by the funds allocated from it. */
export function fundTree(funds: Fund[]): { fund: Fund; depth: number }[] {
  const ids = new Set(funds.map((f) => f.id));
  const children = new Map<string | null, Fund[]>();
  for (const fund of funds) {
    const parent = fund.parentFundId && ids.has(fund.parentFundId) ? fund.parentFundId : null;
    children.set(parent, [...(children.get(parent) ?? []), fund]);
  }
  const out: { fund: Fund; depth: number }[] = [];
  const walk = (parent: string | null, depth: number): void => {
    for (const fund of (children.get(parent) ?? []).sort((a, b) => a.code.localeCompare(b.code))) {
      out.push({ fund, depth });
      walk(fund.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

export function IdentityCell({ fund }: { fund: Fund }): JSX.Element {
  const { t } = useT();
  const ok = identityHolds(fund);
  return (
    <span class={`identity ${ok ? 'ok' : 'broken'}`} title={t('finance.identityRule')}>
      {ok ? t('finance.identityOk') : t('finance.identityBroken')}
    </span>
  );
}

export function FundTree(): JSX.Element {
  const { t, lang } = useT();
  const [incidentId] = useIncident();
  const funds = useFunds(incidentId);
  const rows = fundTree(funds.data ?? []);
  return (
    <div class="page">
      <div class="page-head">
        <h1>{t('finance.fundsTitle')}</h1>
        <IncidentPicker />
        <button type="button" class="secondary" onClick={funds.reload}>
          {t('common.refresh')}
        </button>
      </div>
      <p class="muted">{t('finance.identityRule')}</p>
      <ErrorNotice error={funds.error} />
      <section class="panel">
        <div class="table-wrap">
          <table id="fund-tree">
            <thead>
              <tr>
                <th scope="col">{t('fields.fund')}</th>
                <th scope="col">{t('fields.sourcePurpose')}</th>
                <th scope="col" class="num">
                  {t('balances.amount')}
                </th>
                <th scope="col" class="num">
                  {t('balances.allocatedDown')}
                </th>
                <th scope="col" class="num">
                  {t('balances.reserved')}
                </th>
                <th scope="col" class="num">
                  {t('balances.delivered')}
                </th>
                <th scope="col" class="num">
                  {t('balances.available')}
                </th>
                <th scope="col">{t('finance.identity')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.length === 0 && (
                <tr>
                  <td colSpan={8} class="muted">
                    {funds.loading ? t('common.loading') : t('common.noData')}
                  </td>
                </tr>
              )}
              {rows.map(({ fund: f, depth }) => (
                <tr key={f.id} class={depth === 0 ? 'root' : 'child'} data-fund-id={f.id}>
                  <td class={`depth-${Math.min(depth, 3)}`}>
                    <Link href={`/finance/funds/${f.id}`} class="fund-name">
                      {f.name}
                    </Link>
                    <div class="muted small mono">
                      {f.code} · {f.ownerOrgCode}
                    </div>
                  </td>
                  <td class="small">
                    <div>{fundSourceLabel(t, f.source)}</div>
                    <div class="muted">{fundPurposeLabel(t, f.purpose)}</div>
                  </td>
                  <td class="num">{money(lang, f.amountFen)}</td>
                  <td class="num">{money(lang, f.allocatedDownFen)}</td>
                  <td class="num">{money(lang, f.reservedFen)}</td>
                  <td class="num">{money(lang, f.deliveredFen)}</td>
                  <td class="num strong">{money(lang, f.availableFen)}</td>
                  <td>
                    <IdentityCell fund={f} />
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
