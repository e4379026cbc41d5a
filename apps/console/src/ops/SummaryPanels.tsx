import type { JSX } from 'preact';
import type { FundFigures, IncidentSummary } from '../api/types';
import { count, dateTime, money } from '../i18n/format';
import { useT } from '../i18n/i18n';
import { fundPurposeLabel, fundSourceLabel, statusLabel } from '../ui/labels';

function Kpi({
  label,
  value,
  tone = '',
}: {
  label: string;
  value: string;
  tone?: string;
}): JSX.Element {
  return (
    <div class={`kpi ${tone}`}>
      <div class="kpi-value">{value}</div>
      <div class="kpi-label">{label}</div>
    </div>
  );
}

/** Top-level funds first, each followed by the funds allocated from it. */
function treeOrder(items: FundFigures[]): { fund: FundFigures; depth: number }[] {
  const children = new Map<string | null, FundFigures[]>();
  const ids = new Set(items.map((f) => f.fundId));
  for (const fund of items) {
    const parent = fund.parentFundId && ids.has(fund.parentFundId) ? fund.parentFundId : null;
    children.set(parent, [...(children.get(parent) ?? []), fund]);
  }
  const out: { fund: FundFigures; depth: number }[] = [];
  const walk = (parent: string | null, depth: number): void => {
    for (const fund of children.get(parent) ?? []) {
      out.push({ fund, depth });
      walk(fund.fundId, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

export function SummaryPanels({ summary: s }: { summary: IncidentSummary }): JSX.Element {
  const { t, lang } = useT();
  const totals = s.funds.totals;
  return (
    <>
      <section class="kpis" aria-label={t('ops.kpis')}>
        <Kpi label={t('balances.amount')} value={money(lang, totals.amountFen)} />
        <Kpi label={t('balances.delivered')} value={money(lang, totals.deliveredFen)} tone="good" />
        <Kpi label={t('balances.reserved')} value={money(lang, totals.reservedFen)} />
        <Kpi label={t('balances.available')} value={money(lang, totals.availableFen)} />
        <Kpi
          label={t('ops.waiting')}
          value={count(lang, s.disbursements.waiting)}
          tone={s.disbursements.waiting ? 'warn' : ''}
        />
        <Kpi label={t('ops.visits')} value={count(lang, s.visits.total)} />
        <Kpi label={t('ops.reached')} value={count(lang, s.visits.beneficiariesReached)} />
        <Kpi
          label={t('ops.followUpsOpenOverdue')}
          value={`${count(lang, s.followUps.open)} / ${count(lang, s.followUps.overdue)}`}
          tone={s.followUps.overdue ? 'warn' : ''}
        />
        <Kpi
          label={t('ops.alerts')}
          value={count(lang, s.alerts.length)}
          tone={s.alerts.length ? 'bad' : 'good'}
        />
      </section>

      <section class="panel">
        <h2>{t('ops.funds')}</h2>
        <div class="table-wrap">
          <table id="funds-table">
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
              </tr>
            </thead>
            <tbody>
              {treeOrder(s.funds.items).map(({ fund: f, depth }) => (
                <tr key={f.fundId} class={depth === 0 ? 'root' : 'child'}>
                  <td class={`depth-${Math.min(depth, 3)}`}>
                    <div class="fund-name">{f.name ?? t('common.unknown')}</div>
                    <div class="muted small mono">
                      {f.code ?? f.fundId} · {f.ownerOrgCode ?? '—'}
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
                </tr>
              ))}
              {s.funds.items.length === 0 && (
                <tr>
                  <td colSpan={7} class="muted">
                    {t('common.noData')}
                  </td>
                </tr>
              )}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colSpan={2}>
                  {t('ops.incidentTotal')}
                </th>
                <td class="num">{money(lang, totals.amountFen)}</td>
                <td class="num">{money(lang, totals.allocatedDownFen)}</td>
                <td class="num">{money(lang, totals.reservedFen)}</td>
                <td class="num">{money(lang, totals.deliveredFen)}</td>
                <td class="num">{money(lang, totals.availableFen)}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      </section>

      <div class="grid three">
        <section class="panel">
          <h2>{t('ops.disbursements')}</h2>
          <table id="disb-table">
            <thead>
              <tr>
                <th scope="col">{t('fields.status')}</th>
                <th scope="col" class="num">
                  {t('fields.count')}
                </th>
                <th scope="col" class="num">
                  {t('fields.amount')}
                </th>
              </tr>
            </thead>
            <tbody>
              {s.disbursements.byStatus.map((d) => (
                <tr key={d.status} class={d.count ? '' : 'dim'}>
                  <td>
                    <span class={`status ${d.status}`}>{statusLabel(t, d.status)}</span>
                  </td>
                  <td class="num">{count(lang, d.count)}</td>
                  <td class="num">{money(lang, d.amountFen)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {s.disbursements.oldestWaitingSince && (
            <p class="muted small">
              {t('ops.oldestWaiting', { time: dateTime(lang, s.disbursements.oldestWaitingSince) })}
            </p>
          )}
        </section>
        <section class="panel">
          <h2>{t('ops.sites')}</h2>
          <table id="sites-table">
            <thead>
              <tr>
                <th scope="col">{t('fields.site')}</th>
                <th scope="col" class="num">
                  {t('ops.visits')}
                </th>
                <th scope="col" class="num">
                  {t('ops.reached')}
                </th>
                <th scope="col">{t('ops.lastVisit')}</th>
              </tr>
            </thead>
            <tbody>
              {s.visits.sites.map((site) => (
                <tr key={site.siteId} class={site.visits ? '' : 'unvisited'}>
                  <td>
                    {site.name ?? site.siteId} <span class="muted small mono">{site.orgCode}</span>
                  </td>
                  <td class="num">{count(lang, site.visits)}</td>
                  <td class="num">
                    {count(lang, site.beneficiariesReached)} /{' '}
                    {count(lang, site.beneficiariesRegistered)}
                  </td>
                  <td class="small">
                    {site.visits ? dateTime(lang, site.lastVisitedAt) : t('ops.notVisited')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section class="panel">
          <h2>{t('ops.goods')}</h2>
          <table id="goods-table">
            <thead>
              <tr>
                <th scope="col">{t('fields.item')}</th>
                <th scope="col" class="num">
                  {t('ops.deliveredQty')}
                </th>
              </tr>
            </thead>
            <tbody>
              {s.goods.map((g) => (
                <tr key={g.itemCode}>
                  <td>
                    {g.name ?? g.itemCode} <span class="muted small mono">{g.itemCode}</span>
                  </td>
                  <td class="num">{count(lang, g.quantity)}</td>
                </tr>
              ))}
              {s.goods.length === 0 && (
                <tr>
                  <td colSpan={2} class="muted">
                    {t('common.noData')}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </section>
      </div>
    </>
  );
}
