import type { JSX } from 'preact';
import { useMemo } from 'preact/hooks';
import { ok, typed } from '../api/client';
import type { Disbursement, IncidentSummary, Page } from '../api/types';
import { count, date, fenToDecimal, money } from '../i18n/format';
import { useT } from '../i18n/i18n';
import { Chart, type ChartOption } from '../ui/Chart';
import { followUpKindLabel } from '../ui/labels';
import { useAsync } from '../ui/use-async';

const FONT = { fontFamily: 'Noto Sans SC, Noto Serif Tibetan, sans-serif' };
const MAX_PAGES = 5;

/** Delivered disbursements of the incident's funds (newest 1,000), for the progress line. */
async function delivered(fundIds: Set<string>, signal: AbortSignal): Promise<Disbursement[]> {
  const out: Disbursement[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer: Page<Disbursement> = await ok(
      typed.GET('/api/disbursements', {
        params: { query: { status: 'delivered', limit: 200, cursor: cursor ?? undefined } },
        signal,
      }),
    );
    out.push(...answer.items.filter((d) => fundIds.has(d.fundId)));
    cursor = answer.nextCursor;
    if (!cursor) break;
  }
  return out;
}

export function OpsCharts({
  summary,
  refresh,
}: {
  summary: IncidentSummary;
  refresh: number;
}): JSX.Element {
  const { t, lang } = useT();
  const rootOf = useMemo(
    () => new Map(summary.funds.items.map((f) => [f.fundId, f.rootFundId])),
    [summary],
  );
  const names = useMemo(
    () => new Map(summary.funds.items.map((f) => [f.fundId, f.name ?? f.code ?? f.fundId])),
    [summary],
  );
  const deliveries = useAsync(
    (signal) => delivered(new Set(rootOf.keys()), signal),
    [summary.incident.id, refresh],
  );

  const progress = useMemo((): ChartOption => {
    const byRoot = new Map<string, Map<string, number>>();
    const days = new Set<string>();
    for (const d of deliveries.data ?? []) {
      const root = rootOf.get(d.fundId) ?? d.fundId;
      const day = d.updatedAt.slice(0, 10);
      days.add(day);
      const series = byRoot.get(root) ?? new Map<string, number>();
      series.set(day, (series.get(day) ?? 0) + d.amountFen);
      byRoot.set(root, series);
    }
    const axis = [...days].sort();
    return {
      textStyle: FONT,
      // Drawn on the canvas: an HTML tooltip would need inline styles, which the CSP refuses.
      tooltip: {
        trigger: 'axis',
        renderMode: 'richText',
        valueFormatter: (v: unknown) => money(lang, Math.round(Number(v) * 100)),
      },
      legend: { top: 0 },
      grid: { left: 80, right: 16, top: 36, bottom: 28 },
      xAxis: { type: 'category', data: axis.map((day) => date(lang, `${day}T12:00:00Z`)) },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => count(lang, v) } },
      series: [...byRoot.entries()].map(([root, perDay]) => {
        let total = 0;
        return {
          type: 'line',
          name: names.get(root) ?? root,
          // Cumulative yuan per day; exact fen in the tooltip.
          data: axis.map((day) => {
            total += perDay.get(day) ?? 0;
            return Number(fenToDecimal(total));
          }),
        };
      }),
    };
  }, [deliveries.data, lang]);

  const reach = useMemo(
    (): ChartOption => ({
      textStyle: FONT,
      tooltip: { trigger: 'axis', renderMode: 'richText' },
      legend: { top: 0 },
      grid: { left: 120, right: 16, top: 36, bottom: 28 },
      yAxis: { type: 'category', data: summary.visits.sites.map((s) => s.name ?? s.siteId) },
      xAxis: { type: 'value' },
      series: [
        {
          type: 'bar',
          name: t('ops.reached'),
          data: summary.visits.sites.map((s) => s.beneficiariesReached),
        },
        {
          type: 'bar',
          name: t('ops.registered'),
          data: summary.visits.sites.map((s) => s.beneficiariesRegistered),
        },
      ],
    }),
    [summary, lang],
  );

  const followUps = useMemo(
    (): ChartOption => ({
      textStyle: FONT,
      tooltip: { trigger: 'axis', renderMode: 'richText' },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 36, bottom: 28 },
      xAxis: {
        type: 'category',
        data: summary.followUps.byKind.map((f) => followUpKindLabel(t, f.kind)),
      },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { type: 'bar', name: t('ops.open'), data: summary.followUps.byKind.map((f) => f.open) },
        {
          type: 'bar',
          name: t('ops.overdue'),
          data: summary.followUps.byKind.map((f) => f.overdue),
        },
      ],
    }),
    [summary, lang],
  );

  return (
    <div class="grid three charts">
      <section class="panel">
        <h2>{t('ops.chartProgress')}</h2>
        <Chart id="chart-progress" option={progress} label={t('ops.chartProgress')} />
      </section>
      <section class="panel">
        <h2>{t('ops.chartReach')}</h2>
        <Chart id="chart-reach" option={reach} label={t('ops.chartReach')} />
      </section>
      <section class="panel">
        <h2>{t('ops.chartFollowUps')}</h2>
        <Chart id="chart-follow-ups" option={followUps} label={t('ops.chartFollowUps')} />
      </section>
    </div>
  );
}
