// The fault × invariant table: for each kind of fault, the subjects that changed while it was in
// force (from the injection until the system had recovered, plus a grace), how many were checked
// and how many broke; the last row is the whole run.
import { INVARIANTS, Invariant, Verdict } from './verdict';

export interface FaultWindow {
  kind: string;
  from: Date;
  /** When the system had recovered (lag 0 again). */
  to: Date;
}

/** Work started just before a fault ends just after it: a window reaches this far either side. */
const GRACE_MS = 5_000;

interface Cell {
  checked: number;
  broken: number;
}

function cells(verdicts: Verdict[]): Map<Invariant, Cell> {
  const byInvariant = new Map<Invariant, Cell>(
    INVARIANTS.map((i) => [i, { checked: 0, broken: 0 }]),
  );
  for (const v of verdicts) {
    const cell = byInvariant.get(v.invariant)!;
    cell.checked += 1;
    if (v.problem) cell.broken += 1;
  }
  return byInvariant;
}

function show(cell: Cell): string {
  if (cell.checked === 0) return '·';
  return cell.broken > 0 ? `${cell.checked} ✗${cell.broken}` : `${cell.checked} ✓`;
}

export function faultTable(verdicts: Verdict[], windows: readonly FaultWindow[]): string {
  const kinds = [...new Set(windows.map((w) => w.kind))];
  const rows: [string, Map<Invariant, Cell>][] = kinds.map((kind) => {
    const mine = windows.filter((w) => w.kind === kind);
    const inside = verdicts.filter((v) =>
      mine.some(
        (w) =>
          v.at.getTime() >= w.from.getTime() - GRACE_MS &&
          v.at.getTime() <= w.to.getTime() + GRACE_MS,
      ),
    );
    return [`${kind} ×${mine.length}`, cells(inside)];
  });
  rows.push(['whole run', cells(verdicts)]);
  const header = ['fault \\ invariant', ...INVARIANTS];
  const body = rows.map(([label, byInvariant]) => [
    label,
    ...INVARIANTS.map((i) => show(byInvariant.get(i)!)),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((r) => r[c].length)));
  const line = (r: string[]) =>
    r.map((text, c) => (c === 0 ? text.padEnd(widths[c]) : text.padStart(widths[c]))).join('  ');
  return [line(header), ...body.map(line)].join('\n');
}

/** The first problems, one line each. */
export function problemLines(verdicts: Verdict[], limit = 25): string[] {
  const broken = verdicts.filter((v) => v.problem);
  const lines = broken.slice(0, limit).map((v) => `  ✗ ${v.invariant}: ${v.subject}: ${v.problem}`);
  if (broken.length > limit) lines.push(`  … and ${broken.length - limit} more`);
  return lines;
}
