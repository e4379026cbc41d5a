import { createHash } from 'node:crypto';

/**
 * A reproducible stream of uniform integers from a seed: SHA-256 of `seed:counter`, 48 bits at a
 * time. The same seed always yields the same stream, on any machine and Node version.
 */
export function seededRandom(seed: string): (bound: number) => number {
  let counter = 0;
  return (bound: number) => {
    const digest = createHash('sha256').update(`${seed}:${counter++}`).digest();
    // 48 bits over a bound far below 2^48: the modulo bias is below 2^-20 for any real population.
    return digest.readUIntBE(0, 6) % bound;
  };
}

/**
 * `size` items drawn without replacement from `population` (sorted first, so the database's row
 * order never matters), by a partial Fisher–Yates shuffle driven by the seed.
 */
export function drawSample<T>(
  population: readonly T[],
  size: number,
  seed: string,
  key: (item: T) => string,
): T[] {
  const items = [...population].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  const random = seededRandom(seed);
  const count = Math.min(size, items.length);
  for (let i = 0; i < count; i++) {
    const j = i + random(items.length - i);
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items.slice(0, count);
}
