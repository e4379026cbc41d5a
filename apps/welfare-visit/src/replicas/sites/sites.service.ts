import { SiteRegisteredV1 } from '@aidflow/contracts';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** Keeps the site replica (site → incident, org) in step with incident-intake. */
@Injectable()
export class SitesService {
  async recordRegistered(manager: EntityManager, data: SiteRegisteredV1): Promise<void> {
    await manager.query(
      `INSERT INTO site_replica (id, incident_id, name, org_code) VALUES ($1, $2, $3, $4)
       ON CONFLICT (id) DO UPDATE
         SET incident_id = EXCLUDED.incident_id, name = EXCLUDED.name, org_code = EXCLUDED.org_code,
             updated_at = now()`,
      [data.siteId, data.incidentId, data.name, data.orgCode],
    );
  }
}
