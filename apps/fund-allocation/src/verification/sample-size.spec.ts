import { drawSample } from './seeded-sample';
import { sampleSize } from './sample-size';

describe('verification sample size (n₀ = z²·0.25/e², finite-population corrected)', () => {
  // Hand-computed: N=400 95%/5%: 384.146/(1+383.146/400) = 196.21 → 197; N=12: 11.67 → 12;
  // N=10000 99%/1%: 16587.24/(1+16586.24/10000) = 6239.03 → 6240; N=1000 90%/5%: 213.11 → 214;
  // N=100000 95%/5%: 382.68 → 383; N=245: 149.83 → 150.
  it.each([
    [400, 0.95, 0.05, 197],
    [12, 0.95, 0.05, 12],
    [10_000, 0.99, 0.01, 6240],
    [1000, 0.9, 0.05, 214],
    [100_000, 0.95, 0.05, 383],
    [245, 0.95, 0.05, 150],
    [1, 0.95, 0.05, 1],
    [3, 0.9, 0.5, 2],
  ] as const)('N=%p at %p / %p → %p', (population, confidence, margin, expected) => {
    expect(sampleSize(population, confidence, margin)).toBe(expected);
  });

  it('never exceeds the population nor goes below one', () => {
    for (const n of [1, 2, 5, 50]) {
      const size = sampleSize(n, 0.99, 0.01);
      expect(size).toBeGreaterThanOrEqual(1);
      expect(size).toBeLessThanOrEqual(n);
    }
    expect(() => sampleSize(0, 0.95, 0.05)).toThrow();
    expect(() => sampleSize(10, 0.95, 0)).toThrow();
  });
});

describe('seeded sample', () => {
  const ids = Array.from({ length: 400 }, (_, i) => `id-${String(i).padStart(3, '0')}`);
  const key = (s: string) => s;

  it('is the same for the same seed whatever the input order, and differs for another seed', () => {
    const a = drawSample(ids, 197, 'maduo-2021', key);
    const b = drawSample([...ids].reverse(), 197, 'maduo-2021', key);
    expect(b).toEqual(a);
    expect(new Set(a).size).toBe(197);
    expect(drawSample(ids, 197, 'other-seed', key)).not.toEqual(a);
  });

  it('takes everything when the sample is the population', () => {
    expect(drawSample(ids, 400, 's', key).sort()).toEqual(ids);
  });
});
