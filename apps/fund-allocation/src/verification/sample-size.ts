/**
 * Sample size for verifying payments by re-contacting recipients, as in survey sampling for a
 * proportion (Cochran), with the finite-population correction:
 *
 *   n₀ = z² · p(1 − p) / e²       with p = 0.5 (the most cautious proportion)
 *   n  = n₀ / (1 + (n₀ − 1) / N)  (N = delivered payments in the population)
 *   sample = clamp(ceil(n), 1, N)
 *
 * z is the two-sided standard normal quantile of the confidence level. Example: N = 400 at
 * 95 % / 5 %: n₀ = 1.95996² · 0.25 / 0.0025 = 384.15, n = 384.15 / (1 + 383.15 / 400) = 196.2 → 197.
 */
export const Z_SCORES = {
  '0.9': 1.6448536269514715,
  '0.95': 1.9599639845400536,
  '0.99': 2.5758293035489,
} as const;

export type Confidence = 0.9 | 0.95 | 0.99;
export const CONFIDENCE_LEVELS: readonly Confidence[] = [0.9, 0.95, 0.99];

export function sampleSize(
  population: number,
  confidence: Confidence,
  marginOfError: number,
): number {
  if (!Number.isInteger(population) || population < 1) throw new Error('population must be ≥ 1');
  if (!(marginOfError > 0 && marginOfError < 1)) throw new Error('marginOfError must be in (0, 1)');
  const z = Z_SCORES[String(confidence) as keyof typeof Z_SCORES];
  const n0 = (z * z * 0.25) / (marginOfError * marginOfError);
  const n = n0 / (1 + (n0 - 1) / population);
  // The epsilon keeps a value that is whole up to rounding (e.g. N = 1) from rounding up past it.
  return Math.min(population, Math.max(1, Math.ceil(n - 1e-9)));
}
