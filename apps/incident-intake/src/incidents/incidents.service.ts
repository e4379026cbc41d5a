import { AuditService } from '@aidflow/audit';
import { AuthUser, ScopeService } from '@aidflow/auth';
import { INCIDENT_STATUSES } from '@aidflow/contracts';
import { updateReturning } from '@aidflow/database';
import { OutboxService } from '@aidflow/messaging';
import {
  conflict,
  notFound,
  unprocessable,
  decodeCursor,
  encodeCursor,
  Page,
  pageOf,
  pageSize,
} from '@aidflow/platform';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { Org } from '../orgs/org.entity';
import { ChangeStatusDto } from './dto/change-status.dto';
import { CreateIncidentDto } from './dto/create-incident.dto';
import { IncidentView, toIncidentView } from './dto/incident.view';
import { ListIncidentsQuery } from './dto/list-incidents.query';
import { Incident } from './incident.entity';

@Injectable()
export class IncidentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly scope: ScopeService,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
  ) {}

  async report(user: AuthUser, dto: CreateIncidentDto): Promise<IncidentView> {
    return this.dataSource.transaction(async (manager) => {
      const lead = await manager.findOne(Org, { where: { code: dto.leadOrgCode } });
      // 422, not 404: the URL names nothing missing; a rule about the body refuses it.
      if (!lead) {
        throw unprocessable(`lead org ${dto.leadOrgCode} does not exist`, [
          { field: 'leadOrgCode', problem: 'no org with this code exists' },
        ]);
      }
      await this.scope.assertCanWrite(user, lead.code, manager);
      const id = randomUUID();
      const [row] = await manager.query<{ created_at: Date }[]>(
        `INSERT INTO incidents (id, title, kind, occurred_at, magnitude, epicenter_lat, epicenter_lon,
                                area_codes, response_level, lead_org_code, status, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::text[], $9, $10, 'open', $11)
         RETURNING created_at`,
        [
          id,
          dto.title,
          dto.kind,
          dto.occurredAt,
          dto.magnitude ?? null,
          dto.epicenter?.lat ?? null,
          dto.epicenter?.lon ?? null,
          dto.areaCodes,
          dto.responseLevel,
          lead.code,
          user.sub,
        ],
      );
      if (!row) throw new Error('incident insert returned no row');
      const incident: Incident = {
        id,
        title: dto.title,
        kind: dto.kind,
        occurredAt: new Date(dto.occurredAt),
        magnitude: dto.magnitude ?? null,
        epicenterLat: dto.epicenter?.lat ?? null,
        epicenterLon: dto.epicenter?.lon ?? null,
        areaCodes: dto.areaCodes,
        responseLevel: dto.responseLevel,
        leadOrgCode: lead.code,
        status: 'open',
        createdBy: user.sub,
        createdAt: row.created_at,
        updatedAt: row.created_at,
      };
      const view = toIncidentView(incident);
      await this.outbox.publish(manager, 'incident.reported', id, {
        incidentId: id,
        title: view.title,
        kind: view.kind,
        occurredAt: view.occurredAt,
        ...(view.magnitude !== undefined ? { magnitude: view.magnitude } : {}),
        ...(view.epicenter ? { epicenter: view.epicenter } : {}),
        areaCodes: view.areaCodes,
        responseLevel: view.responseLevel,
        leadOrgCode: view.leadOrgCode,
        status: view.status,
      });
      await this.audit.record(manager, {
        action: 'incident.report',
        targetType: 'incident',
        targetId: id,
        orgCode: lead.code,
        summary: view,
      });
      return view;
    });
  }

  async get(user: AuthUser, id: string): Promise<IncidentView> {
    return toIncidentView(await this.findReadable(user, id));
  }

  async list(user: AuthUser, query: ListIncidentsQuery): Promise<Page<IncidentView>> {
    const limit = pageSize(query);
    const after = decodeCursor(query.cursor);
    const builder = this.dataSource.manager
      .createQueryBuilder(Incident, 'i')
      .where('i.lead_org_code = ANY(:codes)', { codes: await this.scope.subtreeCodes(user) })
      .orderBy('i.createdAt', 'ASC')
      .addOrderBy('i.id', 'ASC')
      .limit(limit + 1);
    if (query.status !== undefined)
      builder.andWhere('i.status = :status', { status: query.status });
    if (after) {
      builder.andWhere('(i.created_at, i.id) > (:afterAt, :afterId)', {
        afterAt: after.at,
        afterId: after.id,
      });
    }
    return pageOf(await builder.getMany(), limit, toIncidentView, (row) =>
      encodeCursor({ at: row.createdAt, id: row.id }),
    );
  }

  /** Moves the incident forward (skipping stages is allowed: a small event may go straight to recovery). */
  async changeStatus(user: AuthUser, id: string, dto: ChangeStatusDto): Promise<IncidentView> {
    return this.dataSource.transaction(async (manager) => {
      const incident = await manager
        .createQueryBuilder(Incident, 'i')
        .setLock('pessimistic_write')
        .where('i.id = :id', { id })
        .getOne();
      if (!incident) throw notFound(`incident ${id}`);
      await this.scope.assertCanWrite(user, incident.leadOrgCode, manager);
      const from = incident.status;
      if (INCIDENT_STATUSES.indexOf(dto.status) <= INCIDENT_STATUSES.indexOf(from)) {
        throw conflict(`incident ${id} is ${from}: its status only moves forward`, [
          { field: 'status', problem: `cannot move from ${from} to ${dto.status}` },
        ]);
      }
      const [row] = await updateReturning<{ updated_at: Date }>(
        manager,
        `UPDATE incidents SET status = $2, updated_at = now() WHERE id = $1 RETURNING updated_at`,
        [id, dto.status],
      );
      if (!row) throw new Error(`incident ${id} vanished under its row lock`);
      await this.outbox.publish(manager, 'incident.status_changed', id, {
        incidentId: id,
        from,
        to: dto.status,
        leadOrgCode: incident.leadOrgCode,
      });
      await this.audit.record(manager, {
        action: 'incident.status_change',
        targetType: 'incident',
        targetId: id,
        orgCode: incident.leadOrgCode,
        summary: { from, to: dto.status },
      });
      return toIncidentView({ ...incident, status: dto.status, updatedAt: row.updated_at });
    });
  }

  /** The incident if the user may see it; 404 otherwise (existence is not revealed). */
  async findReadable(user: AuthUser, id: string, manager?: EntityManager): Promise<Incident> {
    const incident = await (manager ?? this.dataSource.manager).findOne(Incident, {
      where: { id },
    });
    await this.scope.assertReadable(user, incident?.leadOrgCode, `incident ${id}`, manager);
    return incident!;
  }

  /**
   * For writes that hang something under an incident: locks it against a concurrent status change
   * until the caller commits (FOR SHARE), checks write scope (403) and that it is not closed (409).
   */
  async lockForChildWrite(
    manager: EntityManager,
    user: AuthUser,
    id: string,
    missing: () => Error,
  ): Promise<Incident> {
    const incident = await manager
      .createQueryBuilder(Incident, 'i')
      .setLock('pessimistic_read')
      .where('i.id = :id', { id })
      .getOne();
    if (!incident) throw missing();
    await this.scope.assertCanWrite(user, incident.leadOrgCode, manager);
    if (incident.status === 'closed') {
      throw conflict(`incident ${id} is closed`, [
        { field: 'incidentId', problem: 'the incident is closed' },
      ]);
    }
    return incident;
  }
}
