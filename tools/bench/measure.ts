// Small measuring helpers shared by the benchmark's parts.

/** Runs `work` from `width` concurrent loops until `total` items are done; returns seconds taken. */
export async function drive(
  total: number,
  width: number,
  work: (index: number) => Promise<void>,
): Promise<number> {
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: width }, async () => {
      for (let i = next++; i < total; i = next++) await work(i);
    }),
  );
  return Number(process.hrtime.bigint() - started) / 1e9;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
