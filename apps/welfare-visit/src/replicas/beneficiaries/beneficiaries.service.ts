import { BeneficiaryRegisteredV1 } from '@aidflow/contracts';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** Keeps the beneficiary replica in step with incident-intake; the masked id number is not kept. */
@Injectable()
export class BeneficiariesService {
  async recordRegistered(manager: EntityManager, data: BeneficiaryRegisteredV1): Promise<void> {
    await manager.query(
      `INSERT INTO beneficiary_replica (id, incident_id, site_id, org_code) VALUES ($1, $2, $3, $4)
       ON CONFLICT (id) DO UPDATE
         SET incident_id = EXCLUDED.incident_id, site_id = EXCLUDED.site_id, org_code = EXCLUDED.org_code,
             updated_at = now()`,
      [data.beneficiaryId, data.incidentId, data.siteId ?? null, data.orgCode],
    );
  }
}
