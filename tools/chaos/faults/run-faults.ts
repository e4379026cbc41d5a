// Injects the scheduled faults one after another at seeded random moments while the workload
// runs; after each, waits until the system has recovered and records how long that took.
import { LagReader } from '../checker/spine';
import { Fault, FaultContext } from './fault';
import { waitRecovered } from './recovery';

export interface FaultOutcome {
  kind: string;
  target: string;
  from: Date;
  to: Date;
  faultSeconds: number;
  recoverySeconds: number;
}

export async function runFaults(
  faults: Fault[],
  ctx: FaultContext,
  readLag: LagReader,
  random: () => number,
): Promise<FaultOutcome[]> {
  const outcomes: FaultOutcome[] = [];
  for (const [i, fault] of faults.entries()) {
    await new Promise((resolve) => setTimeout(resolve, 500 + random() * 2500));
    ctx.log(`fault ${i + 1}/${faults.length}: ${fault.kind} → ${fault.target}`);
    const from = new Date();
    await fault.inject(ctx);
    const over = new Date();
    const to = await waitRecovered(ctx.system, ctx.db, readLag);
    outcomes.push({
      kind: fault.kind,
      target: fault.target,
      from,
      to,
      faultSeconds: (over.getTime() - from.getTime()) / 1000,
      recoverySeconds: Math.max(0, (to.getTime() - over.getTime()) / 1000),
    });
    ctx.log(
      `  recovered ${((to.getTime() - over.getTime()) / 1000).toFixed(1)} s after the fault ended`,
    );
  }
  return outcomes;
}
