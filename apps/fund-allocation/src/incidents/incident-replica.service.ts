import { IncidentReportedV1, IncidentStatusChangedV1 } from '@aidflow/contracts';
import { updateReturning } from '@aidflow/database';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** Keeps the incident replica (lead org, status) in step with incident-intake. */
@Injectable()
export class IncidentReplicaService {
  async recordReported(manager: EntityManager, data: IncidentReportedV1): Promise<void> {
    await manager.query(
      `INSERT INTO incident_replica (id, lead_org_code, status) VALUES ($1, $2, $3)
       ON CONFLICT (id) DO UPDATE SET lead_org_code = EXCLUDED.lead_org_code, updated_at = now()`,
      [data.incidentId, data.leadOrgCode, data.status],
    );
  }

  async recordStatusChanged(manager: EntityManager, data: IncidentStatusChangedV1): Promise<void> {
    const updated = await updateReturning<{ id: string }>(
      manager,
      `UPDATE incident_replica SET status = $2, lead_org_code = $3, updated_at = now()
        WHERE id = $1 RETURNING id`,
      [data.incidentId, data.to, data.leadOrgCode],
    );
    // Same key as incident.reported, so it cannot overtake it: an unknown incident is a real fault.
    if (updated.length === 0)
      throw new Error(`status change for unknown incident ${data.incidentId}`);
  }

  /**
   * True when the incident is known and `orgCode` lies on its lead org's branch (the lead org,
   * one of its ancestors, or one of its descendants): the unions that respond to it.
   */
  async concerns(manager: EntityManager, incidentId: string, orgCode: string): Promise<boolean> {
    const rows = await manager.query<unknown[]>(
      `SELECT 1 FROM incident_replica i
         JOIN org_replica lead ON lead.code = i.lead_org_code
         JOIN org_replica o ON o.code = $2
        WHERE i.id = $1 AND (o.path @> ARRAY[lead.code] OR lead.path @> ARRAY[o.code])`,
      [incidentId, orgCode],
    );
    return rows.length > 0;
  }
}
