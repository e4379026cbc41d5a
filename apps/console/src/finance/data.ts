// What the finance pages read: the incident's funds and beneficiaries (all pages), requests.
import { ok, typed } from '../api/client';
import type { Beneficiary, Disbursement, Fund, Site } from '../api/types';
import { useAsync, type AsyncState } from '../ui/use-async';

/** Every page of a typed list call, up to `max` items (the console never shows more at once). */
export async function everyPage<T>(
  page: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor?: string | null }>,
  max = 2000,
): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  do {
    const answer = await page(cursor);
    out.push(...answer.items);
    cursor = answer.nextCursor ?? undefined;
  } while (cursor && out.length < max);
  return out;
}

export function useFunds(incidentId: string, refresh = 0): AsyncState<Fund[]> {
  return useAsync(
    (signal) =>
      incidentId
        ? everyPage((cursor) =>
            ok(
              typed.GET('/api/funds', {
                params: { query: { incidentId, limit: 200, cursor } },
                signal,
              }),
            ),
          )
        : Promise.resolve([]),
    [incidentId, refresh],
  );
}

export function useBeneficiaries(incidentId: string): AsyncState<Map<string, Beneficiary>> {
  return useAsync(
    async (signal) =>
      new Map(
        (incidentId
          ? await everyPage((cursor) =>
              ok(
                typed.GET('/api/beneficiaries', {
                  params: { query: { incidentId, limit: 200, cursor } },
                  signal,
                }),
              ),
            )
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
        ? ok(
            typed.GET('/api/incidents/{id}/sites', {
              params: { path: { id: incidentId } },
              signal,
            }),
          )
        : Promise.resolve([])
      ).then((answer) => (Array.isArray(answer) ? answer : answer.items)),
    [incidentId],
  );
}

/** Requests waiting for a decision: requested and partly approved. */
export async function undecided(signal?: AbortSignal): Promise<Disbursement[]> {
  const [requested, partly] = await Promise.all([
    ...(['requested', 'partially_approved'] as const).map((status) =>
      everyPage((cursor) =>
        ok(
          typed.GET('/api/disbursements', {
            params: { query: { status, limit: 200, cursor } },
            signal,
          }),
        ),
      ),
    ),
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
