import { AuditService } from '@aidflow/audit';
import { AuthUser, ScopeService } from '@aidflow/auth';
import { OutboxService } from '@aidflow/messaging';
import {
  conflict,
  notFound,
  decodeCursor,
  encodeCursor,
  Page,
  PageQueryDto,
  pageOf,
  pageSize,
} from '@aidflow/platform';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { IncidentsService } from '../incidents/incidents.service';
import { CreateSiteDto } from './dto/create-site.dto';
import { SiteView, toSiteView } from './dto/site.view';
import { Site } from './site.entity';

@Injectable()
export class SitesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly incidents: IncidentsService,
    private readonly scope: ScopeService,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
  ) {}

  async register(user: AuthUser, incidentId: string, dto: CreateSiteDto): Promise<SiteView> {
    return this.dataSource.transaction(async (manager) => {
      const incident = await this.incidents.lockForChildWrite(manager, user, incidentId, () =>
        notFound(`incident ${incidentId}`),
      );
      const id = randomUUID();
      // The unique index decides between two concurrent registrations of the same name.
      const [row] = await manager.query<{ created_at: Date }[]>(
        `INSERT INTO sites (id, incident_id, name, kind, area_code, lat, lon, org_code, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (incident_id, lower(name)) DO NOTHING RETURNING created_at`,
        [
          id,
          incident.id,
          dto.name,
          dto.kind,
          dto.areaCode,
          dto.location?.lat ?? null,
          dto.location?.lon ?? null,
          incident.leadOrgCode,
          user.sub,
        ],
      );
      if (!row) {
        throw conflict(`incident ${incident.id} already has a site named "${dto.name}"`, [
          { field: 'name', problem: 'is already used by another site of this incident' },
        ]);
      }
      const view = toSiteView({
        id,
        incidentId: incident.id,
        name: dto.name,
        kind: dto.kind,
        areaCode: dto.areaCode,
        lat: dto.location?.lat ?? null,
        lon: dto.location?.lon ?? null,
        orgCode: incident.leadOrgCode,
        createdBy: user.sub,
        createdAt: row.created_at,
      });
      await this.outbox.publish(manager, 'site.registered', id, {
        siteId: id,
        incidentId: view.incidentId,
        name: view.name,
        kind: view.kind,
        areaCode: view.areaCode,
        ...(view.location ? { location: view.location } : {}),
        orgCode: view.orgCode,
        registeredAt: view.createdAt,
      });
      await this.audit.record(manager, {
        action: 'site.register',
        targetType: 'site',
        targetId: id,
        orgCode: view.orgCode,
        summary: view,
      });
      return view;
    });
  }

  async get(user: AuthUser, id: string): Promise<SiteView> {
    const site = await this.dataSource.manager.findOne(Site, { where: { id } });
    await this.scope.assertReadable(user, site?.orgCode, `site ${id}`);
    return toSiteView(site!);
  }

  /** The incident's sites in registration order; 404 when the incident is unknown or out of scope. */
  async list(user: AuthUser, incidentId: string, query: PageQueryDto): Promise<Page<SiteView>> {
    const incident = await this.incidents.findReadable(user, incidentId);
    const limit = pageSize(query);
    const after = decodeCursor(query.cursor);
    const builder = this.dataSource.manager
      .createQueryBuilder(Site, 's')
      .where('s.incident_id = :incidentId', { incidentId: incident.id })
      .orderBy('s.createdAt', 'ASC')
      .addOrderBy('s.id', 'ASC')
      .limit(limit + 1);
    if (after) {
      builder.andWhere('(s.created_at, s.id) > (:afterAt, :afterId)', {
        afterAt: after.at,
        afterId: after.id,
      });
    }
    return pageOf(await builder.getMany(), limit, toSiteView, (row) =>
      encodeCursor({ at: row.createdAt, id: row.id }),
    );
  }
}
