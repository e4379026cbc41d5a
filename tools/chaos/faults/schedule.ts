// Which faults a run injects, in a seeded random order. The full run: every replica killed, every
// service's connections terminated, poison on every consumed topic, a slice of each domain topic again,
// and the broker pause, the relay crash and the failover re-send once; CI: every kind once.
import { TOPICS } from '@aidflow/contracts';
import { ChaosSystem } from '../system/chaos-system';
import { Fault, shuffle } from './fault';
import { poison, republish } from './kafka-faults';
import {
  failoverResend,
  pauseBroker,
  relayCrash,
  sigkill,
  terminateBackends,
} from './process-faults';

const BROKER_PAUSE_MS = 20_000;
const SLICE = 40;

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)];
}

/** `consumed`: the topics some consumer group reads (poison elsewhere would reach no DLQ). */
export function scheduleFaults(
  system: ChaosSystem,
  ci: boolean,
  random: () => number,
  consumed: readonly string[],
): Fault[] {
  const replicas = system.replicas;
  const services = [...new Set(replicas.map((r) => r.name))];
  const poisonTopics = consumed.length > 0 ? [...consumed] : [TOPICS.intake];
  const domainTopics = [TOPICS.intake, TOPICS.funds, TOPICS.visits].filter((t) =>
    consumed.includes(t),
  );
  const withRelayTraffic = replicas.filter((r) => r.app === 'fund-allocation');
  const visitReplicas = replicas.filter((r) => r.app === 'welfare-visit');
  const faults: Fault[] = ci
    ? [
        sigkill(pick(replicas, random)),
        terminateBackends(pick(services, random)),
        poison(pick(poisonTopics, random)),
        republish(pick(domainTopics, random), SLICE),
      ]
    : [
        ...replicas.map(sigkill),
        ...services.map(terminateBackends),
        ...poisonTopics.map(poison),
        ...domainTopics.map((t) => republish(t, SLICE)),
      ];
  faults.push(
    pauseBroker(BROKER_PAUSE_MS),
    relayCrash(pick(withRelayTraffic, random)),
    failoverResend(pick(visitReplicas, random)),
  );
  return shuffle(faults, random);
}
