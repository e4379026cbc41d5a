// The rows one logged visit becomes — the visit, its beneficiary and goods lines, its event and its
// audit entry — written set-based, so one visit and a 500-visit batch take the same statements.
import { AuditEntry } from '@aidflow/audit';
import { EventPayloads } from '@aidflow/contracts';
import { EntityManager } from 'typeorm';
import { NormalizedVisit } from './visit-content';
import { CashLine } from './visit-rules';

export interface VisitRecord {
  visit: NormalizedVisit;
  hash: string;
  teamId: string;
  orgCode: string;
  incidentId: string;
  /** A new visit is accepted, or pending while its cash is not yet known here. */
  status: EventPayloads['visit.logged']['status'];
  loggedBy: string;
}

/** Inserts the visits; returns when each one it inserted was created (an id another request took first is left out). */
export async function insertVisits(
  manager: EntityManager,
  records: readonly VisitRecord[],
): Promise<Map<string, Date>> {
  if (records.length === 0) return new Map();
  const col = <T>(f: (r: VisitRecord) => T) => records.map(f);
  // The primary key settles two devices (or retries) sending the same id at the same time.
  const rows = await manager.query<{ id: string; created_at: Date }[]>(
    `INSERT INTO visits (id, team_id, site_id, incident_id, org_code, visited_at, lat, lon, notes, status,
                         content_hash, logged_by)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::timestamptz[],
                          $7::float8[], $8::float8[], $9::text[], $10::text[], $11::text[], $12::text[])
     ON CONFLICT (id) DO NOTHING RETURNING id, created_at`,
    [
      col((r) => r.visit.id),
      col((r) => r.teamId),
      col((r) => r.visit.siteId),
      col((r) => r.incidentId),
      col((r) => r.orgCode),
      col((r) => r.visit.visitedAt),
      col((r) => r.visit.location?.lat ?? null),
      col((r) => r.visit.location?.lon ?? null),
      col((r) => r.visit.notes ?? null),
      col((r) => r.status),
      col((r) => r.hash),
      col((r) => r.loggedBy),
    ],
  );
  return new Map(rows.map((r) => [r.id, r.created_at]));
}

/** The beneficiary lines (needs, receipt) and goods lines of the visits. */
export async function insertVisitLines(
  manager: EntityManager,
  visits: readonly NormalizedVisit[],
): Promise<void> {
  const lines = visits.flatMap((v) =>
    v.beneficiaries.map((b, position) => ({ visitId: v.id, position, b })),
  );
  if (lines.length === 0) return;
  await manager.query(
    `INSERT INTO visit_beneficiaries (visit_id, position, beneficiary_id, needs, receipt_sha256)
     SELECT v.visit_id, v.position, v.beneficiary_id,
            COALESCE((SELECT array_agg(n) FROM jsonb_array_elements_text(v.needs) AS n), '{}'), v.receipt
       FROM unnest($1::uuid[], $2::int[], $3::uuid[], $4::jsonb[], $5::text[])
            AS v(visit_id, position, beneficiary_id, needs, receipt)`,
    [
      lines.map((l) => l.visitId),
      lines.map((l) => l.position),
      lines.map((l) => l.b.beneficiaryId),
      lines.map((l) => JSON.stringify(l.b.needs ?? [])),
      lines.map((l) => l.b.receiptSha256 ?? null),
    ],
  );
  const goods = lines.flatMap((l) =>
    (l.b.goods ?? []).map((g, position) => ({
      visitId: l.visitId,
      beneficiaryId: l.b.beneficiaryId,
      position,
      ...g,
    })),
  );
  if (goods.length === 0) return;
  await manager.query(
    `INSERT INTO visit_goods_lines (visit_id, beneficiary_id, position, item_code, quantity)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::text[], $5::int[])`,
    [
      goods.map((g) => g.visitId),
      goods.map((g) => g.beneficiaryId),
      goods.map((g) => g.position),
      goods.map((g) => g.itemCode),
      goods.map((g) => g.quantity),
    ],
  );
}

/** The `visit.logged` payload. Notes stay here: free text may hold personal data, and events are replicated widely. */
export function visitLoggedData(r: VisitRecord): EventPayloads['visit.logged'] {
  return {
    visitId: r.visit.id,
    teamId: r.teamId,
    siteId: r.visit.siteId,
    incidentId: r.incidentId,
    orgCode: r.orgCode,
    visitedAt: r.visit.visitedAt,
    status: r.status,
    ...(r.visit.location ? { location: r.visit.location } : {}),
    beneficiaries: r.visit.beneficiaries,
  };
}

export function visitAuditEntry(
  r: VisitRecord,
  cash: readonly CashLine[],
  followUpIds: string[],
): AuditEntry {
  return {
    action: 'visit.log',
    targetType: 'visit',
    targetId: r.visit.id,
    orgCode: r.orgCode,
    summary: {
      teamId: r.teamId,
      siteId: r.visit.siteId,
      incidentId: r.incidentId,
      visitedAt: r.visit.visitedAt,
      status: r.status,
      beneficiaries: r.visit.beneficiaries.length,
      cash: cash.map((c) => ({
        disbursementId: c.disbursementId,
        amountFen: c.amountFen,
        verification: c.verification,
      })),
      followUpIds,
    },
  };
}
