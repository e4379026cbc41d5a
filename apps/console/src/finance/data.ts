// What the finance pages read: the incident's funds and beneficiaries (all pages), requests.
import { api, type Query } from '../api/client';
import type { Beneficiary, Disbursement, Fund, Page, Site } from '../api/types';
import { useAsync, type AsyncState } from '../ui/use-async';

/** Every page of a list, up to `max` items (the console never shows more at once). */
export async function allPages<T>(
  path: string,
  query: Query,
  signal?: AbortSignal,
  max = 2000,
): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<T> = await api.get<Page<T>>(path, { ...query, limit: 200, cursor }, signal);
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && out.length < max);
  return out;
}

export function useFunds(incidentId: string, refresh = 0): AsyncState<Fund[]> {
  return useAsync(
    (signal) =>
      incidentId ? allPages<Fund>('/api/funds', { incidentId }, signal) : Promise.resolve([]),
    [incidentId, refresh],
  );
}

export function useBeneficiaries(incidentId: string): AsyncState<Map<string, Beneficiary>> {
  return useAsync(
    async (signal) =>
      new Map(
        (incidentId
          ? await allPages<Beneficiary>('/api/beneficiaries', { incidentId }, signal)
          : []
        ).map((b) => [b.id, b]),
      ),
    [incidentId],
  );
}

export function useSites(incidentId: string): AsyncState<Site[]> {
  return useAsync(
    (signal) =>
      (incidentId
        ? api.get<Site[] | Page<Site>>(`/api/incidents/${incidentId}/sites`, { limit: 200 }, signal)
        : Promise.resolve([])
      ).then((answer) => (Array.isArray(answer) ? answer : answer.items)),
    [incidentId],
  );
}

/** Requests waiting for a decision: requested and partly approved. */
export async function undecided(signal?: AbortSignal): Promise<Disbursement[]> {
  const [requested, partly] = await Promise.all([
    allPages<Disbursement>('/api/disbursements', { status: 'requested' }, signal),
    allPages<Disbursement>('/api/disbursements', { status: 'partially_approved' }, signal),
  ]);
  return [...requested, ...partly].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** The identity every fund must satisfy: amount = passed down + reserved + delivered + available. */
export function identityHolds(f: {
  amountFen: number;
  allocatedDownFen: number;
  reservedFen: number;
  deliveredFen: number;
  availableFen: number;
}): boolean {
  return (
    BigInt(f.amountFen) ===
    BigInt(f.allocatedDownFen) +
      BigInt(f.reservedFen) +
      BigInt(f.deliveredFen) +
      BigInt(f.availableFen)
  );
}

export function beneficiaryLabel(map: Map<string, Beneficiary> | undefined, id: string): string {
  const b = map?.get(id);
  return b ? `${b.fullName} · ${b.idNumberMasked}` : `${id.slice(0, 8)}…`;
}
