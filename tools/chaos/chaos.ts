// npm run chaos [-- --ci] [--seed N] [--replicas 2] [--persons 480] [--broken-inbox] [--keep]
// Starts the system on its own ports, database, topic prefix and broker, drives the workload
// (a calm phase without faults, then rounds while the seeded fault schedule runs), waits for quiescence
// and runs the invariant checker. Prints the seed, throughput without and with faults, each
// fault's time to recover (lag 0), and the fault × invariant table; exits 1 on any violation.
// --broken-inbox: the services skip the inbox's dedup (test-only setting) and the only faults are
// re-published slices: the checker must report the duplicates (exit 1 is the expected outcome).
import { DEV_JWT_SECRET } from '@aidflow/auth';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Pool } from 'pg';
import { checkAll } from './checker/check-all';
import { loadLag } from './checker/spine';
import { gatewayReaders } from './checker/gateway-readers';
import { faultTable, problemLines } from './checker/table';
import { DEFAULT_SCHEMAS } from './checker/verdict';
import { runFaults } from './faults/run-faults';
import { scheduleFaults } from './faults/schedule';
import { seeded } from './faults/fault';
import { waitRecovered } from './faults/recovery';
import { republish } from './faults/kafka-faults';
import { serializeRunRecord } from './run-record';
import { startChaosSystem } from './system/chaos-system';
import { checkOutcome } from './workload/outcome';
import { approvalRace } from './workload/people';
import { tally } from './workload/persist';
import { expectedFund, makePlan } from './workload/plan';
import { setUp } from './workload/setup';
import { PhaseFigures, Workload } from './workload/workload';

const ROOT = join(__dirname, '..', '..');
const started = Date.now();

function say(line: string): void {
  process.stdout.write(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${line}\n`);
}

function rate(p: PhaseFigures, perGroup: number): string {
  return `${p.groups} groups (${p.groups * perGroup} people) in ${p.seconds.toFixed(1)} s: ${(p.calls / p.seconds).toFixed(1)} API calls/s, ${((p.groups * perGroup) / p.seconds).toFixed(2)} people paid+visited/s`;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      ci: { type: 'boolean', default: false },
      seed: { type: 'string' },
      replicas: { type: 'string' },
      persons: { type: 'string' },
      'broken-inbox': { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const ci = values.ci ?? false;
  const broken = values['broken-inbox'] ?? false;
  const seed = Number(values.seed ?? Math.floor(Math.random() * 2 ** 31));
  const replicas = Number(values.replicas ?? process.env.CHAOS_REPLICAS ?? 2);
  const persons = Number(values.persons ?? (ci || broken ? 200 : 600));
  const runId = randomBytes(4).toString('hex');
  const dir = join(ROOT, 'tmp', 'chaos', runId);
  const random = seeded(seed);
  say(
    `chaos run ${runId}: seed ${seed} (--seed ${seed} repeats the schedule), ${replicas} replicas, ${persons} people${ci ? ', CI variant' : ''}${broken ? ', BROKEN INBOX' : ''}`,
  );

  const system = await startChaosSystem({
    runId,
    replicas,
    dir,
    serviceEnv: broken ? { INBOX_SKIP_DEDUP: 'true' } : {},
  });
  say(
    `system up at ${system.baseUrl} (database ${system.databaseName}, topics ${system.topicPrefix}*, broker ${system.broker.bootstrap}, logs ${system.logFile})`,
  );
  const db = new Pool({ connectionString: system.databaseUrl, max: 3 });
  const secret = process.env.AUTH_JWT_SECRET || DEV_JWT_SECRET;
  const readers = await gatewayReaders(system.baseUrl, secret);
  try {
    const plan = makePlan(runId, persons);
    const setup = await setUp(system.baseUrl, secret, plan);
    const workload = new Workload(setup, plan);
    const groups = workload.groups(seed % 40_000);
    // A calm phase first, then rounds (each with its advance) for as long as faults are injected.
    const perRound = ci || broken ? 3 : 6;
    const calm = groups.slice(0, perRound * (ci || broken ? 1 : 2));
    const allocationsBy = calm.length + perRound;
    say(`set up: fund ${setup.fundId}; up to ${groups.length} groups of ${plan.perVisit}`);
    const lanes = 4;
    const baseline = await workload.runPhase('calm', calm, allocationsBy, lanes);
    say(`without faults: ${rate(baseline, plan.perVisit)}`);
    const faults = broken
      ? [republish('aidflow.funds.v1', 40), republish('aidflow.visits.v1', 40)]
      : scheduleFaults(system, ci, random, [
          ...new Set((await loadLag(readers.readLag)).map((l) => l.topic)),
        ]);
    const ctx = { system, db, workload, poison: [], log: say };
    let faultsOver = false;
    const faultLane = runFaults(faults, ctx, readers.readLag, random).finally(() => {
      faultsOver = true;
    });
    faultLane.catch(() => undefined); // awaited below; a failed fault must not crash the rounds

    const stormy: PhaseFigures = { groups: 0, calls: 0, seconds: 0 };
    const stormSince = Date.now();
    for (let next = calm.length, round = 1; !faultsOver || round === 1; round++) {
      const slice = groups.slice(next, next + perRound);
      if (slice.length === 0) {
        say('the workload has used every planned group: the remaining faults hit an idle system');
        break;
      }
      next += slice.length;
      const figures = await workload.runPhase(`round-${round}`, slice, allocationsBy, lanes);
      stormy.groups += figures.groups;
      stormy.calls += figures.calls;
    }
    stormy.seconds = (Date.now() - stormSince) / 1000;
    const outcomes = await faultLane;
    say(`with faults: ${rate(stormy, plan.perVisit)} (${tally.retries} retried calls so far)`);
    await workload.awaitAccepted();
    const quiet = await waitRecovered(system, db, readers.readLag);
    say(
      `quiescent at ${quiet.toISOString()}; ${workload.advances.length} advances settled; ${approvalRace.races} approval races, ${approvalRace.bothWon} with two winners`,
    );

    const verdicts = [
      ...(await checkAll({
        db,
        databaseUrl: system.databaseUrl,
        schemas: DEFAULT_SCHEMAS,
        ...readers,
        poison: ctx.poison,
        acceptedVisits: workload.visitIds,
      })),
      ...(await checkOutcome(db, DEFAULT_SCHEMAS.funds, {
        fund: expectedFund(plan, setup.fundId, workload.paidPeople),
        advances: workload.advances,
      })),
    ];
    const windows = [
      ...outcomes.map((o) => ({ kind: o.kind, from: o.from, to: o.to })),
      ...workload.skewedBatches.map((b) => ({ kind: 'clock −2 d batch', ...b })),
    ];
    mkdirSync(dir, { recursive: true });
    const recordFile = join(dir, 'run.json');
    writeFileSync(
      recordFile,
      serializeRunRecord({
        seed,
        faults: windows,
        poison: ctx.poison,
        acceptedVisits: workload.visitIds,
      }),
    );
    process.stdout.write(`\nrecovery (until every replica healthy, outbox drained, lag 0):\n`);
    for (const o of outcomes)
      process.stdout.write(
        `  ${o.kind.padEnd(28)} ${o.target.padEnd(22)} fault ${o.faultSeconds.toFixed(1).padStart(5)} s, recovered ${o.recoverySeconds.toFixed(1).padStart(5)} s after\n`,
      );
    process.stdout.write(
      `\nthroughput: without faults ${rate(baseline, plan.perVisit)}\n            with faults    ${rate(stormy, plan.perVisit)}\n`,
    );
    process.stdout.write(`\n${faultTable(verdicts, windows)}\n`);
    const problems = problemLines(verdicts);
    process.stdout.write(
      problems.length ? `${problems.join('\n')}\n` : 'every invariant held: 0 lost, 0 duplicated\n',
    );
    process.stdout.write(
      `run record: ${recordFile} (npm run chaos:check -- --run ${recordFile} …)\n`,
    );
    return problems.length ? 1 : 0;
  } finally {
    await db.end();
    await system.stop(values.keep ?? false);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `chaos failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(2);
  },
);
