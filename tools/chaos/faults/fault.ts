// A fault the suite can inject: its kind (a row of the table), what exactly it hit, and the
// injection, which resolves once the fault itself is over (a killed replica restarted, the broker
// resumed); recovery (lag 0 again) is measured after that by the runner.
import { Pool } from 'pg';
import { ChaosSystem } from '../system/chaos-system';
import { Workload } from '../workload/workload';
import { InjectedPoison } from '../checker/dlq';

export interface FaultContext {
  system: ChaosSystem;
  db: Pool;
  workload: Workload;
  /** Poison published so far (the DLQ must end up holding exactly these). */
  poison: InjectedPoison[];
  log(line: string): void;
}

export interface Fault {
  kind: string;
  target: string;
  inject(ctx: FaultContext): Promise<void>;
}

/** A deterministic generator (mulberry32): the same seed gives the same schedule. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
