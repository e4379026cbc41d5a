import { IncidentReportedV1, IncidentStatusChangedV1 } from '@aidflow/contracts';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { updateReturning } from '@aidflow/database';

/** Keeps the incident replica (occurrence time, lead org, status) in step with incident-intake. */
@Injectable()
export class IncidentsService {
  async recordReported(manager: EntityManager, data: IncidentReportedV1): Promise<void> {
    await manager.query(
      `INSERT INTO incident_replica (id, occurred_at, lead_org_code, status)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (id) DO UPDATE
         SET occurred_at = EXCLUDED.occurred_at, lead_org_code = EXCLUDED.lead_org_code, updated_at = now()`,
      [data.incidentId, data.occurredAt, data.leadOrgCode, data.status],
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
}
