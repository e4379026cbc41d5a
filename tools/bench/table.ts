// The benchmark's one table: each figure, its ceiling, the ratio, the peer beside ours.
import type { Ceilings } from './ceiling';
import type { SingleVisitFigure, SystemFigures } from './system-load';

interface Result {
  ceiling: Ceilings;
  ours: SystemFigures;
  twoReplicas: SingleVisitFigure[];
  peer: SingleVisitFigure[];
  machine: { cpus: number; loadavg: number[] };
}

const f = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '–');

export function table(r: Result): string {
  const rows: string[][] = [['work', 'AidFlow', 'ceiling', 'ratio', 'naive peer', 'ours/peer']];
  for (const s of r.ours.single) {
    const peer = r.peer.find((p) => p.clients === s.clients);
    rows.push([
      `(a) single visits, ${s.clients} clients (visits/s)`,
      f(s.visitsPerS),
      f(r.ceiling.singleRowTxPerS),
      f(s.visitsPerS / r.ceiling.singleRowTxPerS, 3),
      peer ? f(peer.visitsPerS) : '–',
      peer ? f(s.visitsPerS / peer.visitsPerS, 2) : '–',
    ]);
    rows.push([
      `    request p50 / p99 (ms)`,
      `${f(s.p50Ms)} / ${f(s.p99Ms)}`,
      '',
      '',
      peer ? `${f(peer.p50Ms)} / ${f(peer.p99Ms)}` : '–',
      '',
    ]);
    rows.push([
      `    commit → projection p50 / p99 (ms)`,
      `${f(s.projectedP50Ms)} / ${f(s.projectedP99Ms)}`,
      '',
      '',
      peer ? `${f(peer.projectedP50Ms)} / ${f(peer.projectedP99Ms)}` : '–',
      '',
    ]);
  }
  rows.push([
    `(b) 500-visit batches (visits/s; ${f(r.ours.batch.secondsPerBatch, 2)} s a batch)`,
    f(r.ours.batch.visitsPerS),
    f(r.ceiling.batchedRowsPerS),
    f(r.ours.batch.visitsPerS / r.ceiling.batchedRowsPerS, 3),
    '',
    '',
  ]);
  const a = r.ours.approvals;
  rows.push([
    `(c) 50 approvers, one fund (decisions/s; ${a.approved} approved, ${a.refused} refused, ${a.overspentFen} fen overspent)`,
    f(a.decisionsPerS),
    f(r.ceiling.hotRowUpdatesPerS),
    f(a.decisionsPerS / r.ceiling.hotRowUpdatesPerS, 3),
    '',
    '',
  ]);
  for (const two of r.twoReplicas) {
    const one = r.ours.single.find((s) => s.clients === two.clients);
    rows.push([
      `(e) 2 replicas, ${two.clients} clients (visits/s; ratio = 2 replicas / 1)`,
      f(two.visitsPerS),
      one ? f(one.visitsPerS) : '–',
      one ? f(two.visitsPerS / one.visitsPerS, 2) : '–',
      '',
      '',
    ]);
    rows.push([
      `    commit → projection p50 / p99 (ms)`,
      `${f(two.projectedP50Ms)} / ${f(two.projectedP99Ms)}`,
      '',
      '',
      '',
      '',
    ]);
  }
  const widths =
    rows[0]?.map((_, c) => Math.max(...rows.map((row) => (row[c] ?? '').length))) ?? [];
  const line = (row: string[]) => row.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join('  ');
  return [
    `machine: ${r.machine.cpus} cores, load ${r.machine.loadavg.join(' ')}`,
    line(rows[0] ?? []),
    ...rows.slice(1).map(line),
  ].join('\n');
}
