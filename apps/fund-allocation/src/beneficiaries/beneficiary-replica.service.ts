import { EventPayloads } from '@aidflow/contracts';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

@Injectable()
export class BeneficiaryReplicaService {
  /** Keeps only ids and scope: the masked id number and the rest stay with incident-intake. */
  async upsert(
    manager: EntityManager,
    data: EventPayloads['beneficiary.registered'],
  ): Promise<void> {
    await manager.query(
      `INSERT INTO beneficiary_replica (id, incident_id, org_code, site_id, updated_at)
       VALUES ($1, $2, $3, $4, now())
       ON CONFLICT (id) DO UPDATE SET incident_id = EXCLUDED.incident_id, org_code = EXCLUDED.org_code,
                                      site_id = EXCLUDED.site_id, updated_at = now()`,
      [data.beneficiaryId, data.incidentId, data.orgCode, data.siteId ?? null],
    );
  }
}
