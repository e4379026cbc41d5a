// What a chaos run records for the checker: the faults' windows, the poison it injected and the
// visits it saw accepted (tmp/chaos/<run>.json).
import { InjectedPoison } from './checker/dlq';
import { FaultWindow } from './checker/table';

export interface RunRecord {
  seed: number;
  faults: FaultWindow[];
  poison: InjectedPoison[];
  acceptedVisits: string[];
}

export function serializeRunRecord(record: RunRecord): string {
  return JSON.stringify(record, null, 2);
}

export function parseRunRecord(text: string): RunRecord {
  const raw = JSON.parse(text) as RunRecord;
  return {
    seed: raw.seed,
    faults: raw.faults.map((f) => ({ ...f, from: new Date(f.from), to: new Date(f.to) })),
    poison: raw.poison.map((p) => ({ ...p, at: new Date(p.at) })),
    acceptedVisits: raw.acceptedVisits,
  };
}
