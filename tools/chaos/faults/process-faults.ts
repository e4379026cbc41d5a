// Faults of processes: a replica SIGKILLed and restarted; a service's PostgreSQL connections
// terminated; the run's own broker paused for 20 s; a relay dying between publish and mark; a
// welfare-visit replica killed while a device re-sends its batch.
import { idempotencyKey, ok } from '@aidflow/api-client';
import { writeFileSync } from 'node:fs';
import { terminateConnections } from '../system/database';
import { Replica } from '../system/replica';
import { sendBatch } from '../workload/visits';
import { Fault } from './fault';

const RESTART_TIMEOUT_MS = 180_000;

async function restart(replica: Replica, env: Record<string, string> = {}): Promise<void> {
  replica.start(env);
  await replica.waitHealthy(RESTART_TIMEOUT_MS);
}

export function sigkill(replica: Replica): Fault {
  return {
    kind: 'SIGKILL replica',
    target: replica.name,
    async inject() {
      await replica.kill();
      await restart(replica);
    },
  };
}

export function terminateBackends(application: string): Fault {
  return {
    kind: 'pg_terminate_backend',
    target: application,
    async inject({ system, log }) {
      const ended = await terminateConnections(system.adminUrl, system.databaseName, application);
      log(`    ${ended} connections of ${application} terminated`);
    },
  };
}

export function pauseBroker(ms: number): Fault {
  return {
    kind: 'broker paused 20 s',
    target: 'the run’s own broker',
    async inject({ system }) {
      system.broker.pause();
      await new Promise((resolve) => setTimeout(resolve, ms));
      system.broker.resume();
    },
  };
}

/**
 * The replica runs with OUTBOX_CRASH_AFTER_PUBLISH_FILE; creating the file arms it. A stock
 * receipt of a probe item every 2 s gives its relay something to publish if the workload is idle.
 */
export function relayCrash(replica: Replica): Fault {
  return {
    kind: 'relay killed publish→mark',
    target: replica.name,
    async inject({ workload, log }) {
      writeFileSync(replica.crashFile, 'armed by the fault suite\n');
      const finance = workload.setupOf().users.finance;
      const deadline = Date.now() + 60_000;
      for (let i = 0; replica.running && Date.now() < deadline; i++) {
        await ok(
          finance.api.POST('/api/stock/receipts', {
            params: { header: idempotencyKey() },
            body: { orgCode: 'QH', itemCode: 'chaos-probe', name: 'relay probe', quantity: 1 },
          }),
        ).catch(() => undefined);
        for (let t = 0; t < 20 && replica.running; t++)
          await new Promise((r) => setTimeout(r, 100));
      }
      if (replica.running) throw new Error(`${replica.name}: its relay published nothing in 60 s`);
      log(`    ${replica.name} died between publish and mark`);
      await restart(replica);
    },
  };
}

export function failoverResend(replica: Replica): Fault {
  return {
    kind: 'batch re-sent in failover',
    target: replica.name,
    async inject({ workload, log }) {
      const batch = workload.lastBatch;
      if (!batch) throw new Error('no batch has been sent yet to re-send');
      await replica.kill();
      // Sent while the replica is down: the gateway takes the other one (or waits for the restart).
      const resent = sendBatch(workload.setupOf(), batch);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await restart(replica);
      await resent;
      log(`    batch of ${batch.length} visit(s) re-sent while ${replica.name} was down`);
    },
  };
}
