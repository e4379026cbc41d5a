import { FinanceReportData, FundLine } from './finance-report.data';
import { ReportLabels } from './finance-report.labels';
import { ReportWriter } from './pdf/report-writer';

/** Yuan with thousands separators and two decimals from integer fen, without floating point. */
export function groupedYuan(amountFen: number): string {
  const v = BigInt(amountFen);
  const abs = v < 0n ? -v : v;
  const whole = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${v < 0n ? '-' : ''}${whole}.${(abs % 100n).toString().padStart(2, '0')}`;
}

/** China Standard Time, minutes: the time the teams and the auditors read. */
export function chinaTime(at: Date): string {
  const text = new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).format(at);
  return `${text} (UTC+8)`;
}

/** "amount = delivered + passed down + …" with the zero terms left out, as a treasurer writes it. */
export function identityLine(fund: FundLine, labels: ReportLabels): string {
  const terms: [number, string][] = [
    [fund.deliveredFen, labels.terms.delivered],
    [fund.allocatedDownFen, labels.terms.passedDown],
    [fund.reservedFen, labels.terms.reserved],
    [fund.availableFen, labels.terms.available],
  ];
  const shown = terms.filter(([v]) => v !== 0);
  const right = (shown.length > 0 ? shown : [[0, labels.terms.available] as [number, string]])
    .map(([v, term]) => `${groupedYuan(v)} ${term}`)
    .join(' + ');
  const balanced =
    fund.amountFen ===
    fund.deliveredFen + fund.allocatedDownFen + fund.reservedFen + fund.availableFen;
  return `${groupedYuan(fund.amountFen)} = ${right}${balanced ? '' : `  (${labels.notBalanced})`}`;
}

const percent = (v: number): string => `${Math.round(v * 1000) / 10} %`;

/** Draws the whole report into the writer's document and ends it. */
export function renderFinanceReport(
  w: ReportWriter,
  data: FinanceReportData,
  labels: ReportLabels,
  meta: { generatedAt: Date; generatedBy: string; scopeOrgName: string },
): void {
  w.heading(`${labels.title} — ${labels.incident} ${data.incidentId}`, 15);
  w.line(labels.generated(chinaTime(meta.generatedAt), meta.generatedBy));
  w.line(labels.asOf(chinaTime(data.asOf)), { color: '#52606d' });
  w.line(labels.scope(meta.scopeOrgName), { color: '#52606d' });

  w.heading(labels.funds);
  w.table(
    labels.fundCols.map((header, i) => ({
      header,
      share: i === 0 ? 0.25 : i === 1 ? 0.15 : 0.12,
      align: i < 2 ? 'left' : 'right',
    })),
    data.funds.map((f) => ({
      cells: [
        { text: `${f.code} ${f.name}`, indent: f.depth },
        { text: f.ownerOrgName },
        ...[f.amountFen, f.allocatedDownFen, f.reservedFen, f.deliveredFen, f.availableFen].map(
          (v) => ({ text: groupedYuan(v) }),
        ),
      ],
    })),
  );

  w.heading(labels.identity);
  w.line(labels.identityNote, { color: '#52606d', size: 8 });
  w.table(
    [
      { header: labels.fundCols[0], share: 0.32 },
      { header: labels.identity, share: 0.68 },
    ],
    data.funds.map((f) => ({
      cells: [
        { text: `${f.code} ${f.ownerOrgName}`, indent: f.depth },
        { text: identityLine(f, labels) },
      ],
    })),
  );

  w.heading(labels.allocations);
  if (data.allocations.length === 0) w.line(labels.none);
  else
    w.table(
      labels.allocationCols.map((header, i) => ({
        header,
        share: [0.22, 0.2, 0.22, 0.2, 0.16][i] ?? 0.2,
        align: i === 4 ? 'right' : 'left',
      })),
      data.allocations.map((a) => ({
        cells: [
          a.fromFundCode,
          a.fromOrgName,
          a.toFundCode,
          a.toOrgName,
          groupedYuan(a.amountFen),
        ].map((text) => ({ text })),
      })),
    );

  w.heading(labels.disbursements);
  const byStatus = data.disbursements;
  if (byStatus.length === 0) w.line(labels.none);
  else
    w.table(
      labels.disbursementCols.map((header, i) => ({
        header,
        share: [0.5, 0.2, 0.3][i] ?? 0.3,
        align: i === 0 ? 'left' : 'right',
      })),
      [
        ...byStatus.map((d) => ({
          cells: [
            labels.disbursementStatus[d.status],
            String(d.count),
            groupedYuan(d.amountFen),
          ].map((text) => ({ text })),
        })),
        {
          bold: true,
          cells: [
            labels.total,
            String(byStatus.reduce((s, d) => s + d.count, 0)),
            groupedYuan(byStatus.reduce((s, d) => s + d.amountFen, 0)),
          ].map((text) => ({ text })),
        },
      ],
    );

  w.heading(labels.advances);
  w.line(labels.advanceIdentity, { color: '#52606d', size: 8 });
  if (data.advances.length === 0) w.line(labels.none);
  else {
    const sum = (pick: (a: (typeof data.advances)[number]) => number): string =>
      groupedYuan(data.advances.reduce((s, a) => s + pick(a), 0));
    w.table(
      labels.advanceCols.map((header, i) => ({
        header,
        share: [0.13, 0.17, 0.11, 0.11, 0.1, 0.1, 0.11, 0.17][i] ?? 0.1,
        align: i >= 2 && i <= 5 ? 'right' : 'left',
      })),
      [
        ...data.advances.map((a) => ({
          cells: [
            a.fundCode,
            a.teamName,
            groupedYuan(a.amountFen),
            groupedYuan(a.handedOverFen),
            groupedYuan(a.returnedFen),
            groupedYuan(a.outstandingFen),
            labels.advanceStatus[a.status],
            a.settledAt ? chinaTime(a.settledAt) : '',
          ].map((text) => ({ text })),
        })),
        {
          bold: true,
          cells: [
            labels.total,
            '',
            sum((a) => a.amountFen),
            sum((a) => a.handedOverFen),
            sum((a) => a.returnedFen),
            sum((a) => a.outstandingFen),
            '',
            '',
          ].map((text) => ({ text })),
        },
      ],
    );
  }

  w.heading(labels.verifications);
  if (data.verifications.length === 0) w.line(labels.none);
  else
    w.table(
      labels.verificationCols.map((header, i) => ({
        header,
        share: [0.18, 0.1, 0.09, 0.11, 0.1, 0.13, 0.13, 0.16][i] ?? 0.1,
        align: i === 0 ? 'left' : 'right',
      })),
      data.verifications.map((v) => ({
        cells: [
          v.fundCode,
          percent(v.confidence),
          percent(v.marginOfError),
          String(v.populationSize),
          String(v.sampleSize),
          String(v.received),
          String(v.notReceived),
          `${v.withIssues} / ${v.pending}`,
        ].map((text) => ({ text })),
      })),
    );
  w.end();
}
