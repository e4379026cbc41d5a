import { AuditService } from '@aidflow/audit';
import { AuthUser, ScopeService } from '@aidflow/auth';
import { TypedEvent } from '@aidflow/contracts';
import { OutboxService } from '@aidflow/messaging';
import {
  conflict,
  decodeCursor,
  encodeCursor,
  notFound,
  Page,
  pageOf,
  pageSize,
  unprocessable,
} from '@aidflow/platform';
import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { IncidentsService } from '../incidents/incidents.service';
import { PiiCipher } from '../pii/pii-cipher';
import { AssignGrievanceDto } from './dto/assign-grievance.dto';
import { CloseGrievanceDto } from './dto/close-grievance.dto';
import { GrievanceRow, GrievanceView } from './dto/grievance.view';
import { ListGrievancesQuery } from './dto/list-grievances.query';
import { OpenGrievanceDto } from './dto/open-grievance.dto';
import { grievanceDueAt } from './due-date';
import { GrievancesRepository, NewGrievance } from './grievances.repository';

const isAdmin = (user: AuthUser) => user.roles.includes('admin');

/** Yuan with two decimals from integer fen, without floating point. */
const yuan = (fen: number) => `${Math.trunc(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

/**
 * Grievances of an incident's people, scoped like them; sensitive ones exist for admins only
 * (404 to everyone else). Description and outcome may hold personal detail: encrypted, never in
 * events.
 */
@Injectable()
export class GrievancesService {
  private readonly logger = new Logger('Grievances');

  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: GrievancesRepository,
    private readonly incidents: IncidentsService,
    private readonly scope: ScopeService,
    private readonly pii: PiiCipher,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
  ) {}

  async open(user: AuthUser, dto: OpenGrievanceDto): Promise<GrievanceView> {
    return this.dataSource.transaction(async (manager) => {
      const incident = await this.incidents.lockForChildWrite(manager, user, dto.incidentId, () =>
        unprocessable(`incident ${dto.incidentId} does not exist`, [
          { field: 'incidentId', problem: 'no incident with this id exists' },
        ]),
      );
      let orgCode = incident.leadOrgCode;
      if (dto.beneficiaryId !== undefined) {
        const b = await this.repository.beneficiaryScope(manager, dto.beneficiaryId);
        if (!b || b.incident_id !== incident.id) {
          throw unprocessable(
            `beneficiary ${dto.beneficiaryId} is not registered for this incident`,
            [{ field: 'beneficiaryId', problem: 'is not a beneficiary of this incident' }],
          );
        }
        orgCode = b.org_code;
      }
      const id = dto.id ?? randomUUID();
      const description = this.pii.seal('grievance', dto.description);
      const openedAt = new Date();
      const row = await this.insertAndPublish(manager, {
        id,
        incidentId: incident.id,
        beneficiaryId: dto.beneficiaryId ?? null,
        orgCode,
        category: dto.category,
        source: 'manual',
        sourceRef: null,
        descriptionCipher: description.cipher,
        descriptionKeyId: description.keyId,
        openedBy: user.sub,
        openedAt,
        dueAt: grievanceDueAt(dto.category, openedAt),
      });
      if (row) return this.toView(row);
      // The id exists: a device re-sending what it recorded offline gets the first result.
      const existing = await this.repository.find(manager, id);
      if (
        existing &&
        existing.opened_by === user.sub &&
        existing.incident_id === dto.incidentId &&
        existing.category === dto.category
      )
        return this.toView(existing);
      throw conflict(`grievance ${id} exists with other content`, [
        { field: 'id', problem: 'already used for another grievance' },
      ]);
    });
  }

  /** A failed payment verification: one payment_verification grievance per sampled item. */
  async openFromVerification(
    manager: EntityManager,
    event: TypedEvent<'verification.discrepancy'>,
  ): Promise<void> {
    const d = event.data;
    const b = await this.repository.beneficiaryScope(manager, d.beneficiaryId);
    if (!b) {
      // Not ours to refuse: funds knows a person intake does not; nothing to attach it to.
      this.logger.warn(
        `verification ${d.verificationId}: beneficiary ${d.beneficiaryId} unknown here`,
      );
      return;
    }
    const what =
      d.outcome === 'not_received'
        ? 'says the money was not received'
        : `says it was received with issues${d.receivedAmountFen !== undefined ? ` (¥${yuan(d.receivedAmountFen)} received)` : ''}`;
    const description = this.pii.seal(
      'grievance',
      `Payment verification ${d.verificationId}: the recipient of disbursement ${d.disbursementId} (¥${yuan(d.expectedAmountFen)}) ${what}.`,
    );
    const openedAt = new Date(event.occurredAt);
    await this.insertAndPublish(manager, {
      id: randomUUID(),
      incidentId: d.incidentId ?? b.incident_id,
      beneficiaryId: d.beneficiaryId,
      orgCode: b.org_code,
      category: 'payment_verification',
      source: 'verification',
      sourceRef: `${d.verificationId}:${d.disbursementId}`,
      descriptionCipher: description.cipher,
      descriptionKeyId: description.keyId,
      openedBy: d.recordedBy,
      openedAt,
      dueAt: grievanceDueAt('payment_verification', openedAt),
    });
  }

  private async insertAndPublish(
    manager: EntityManager,
    g: NewGrievance,
  ): Promise<GrievanceRow | undefined> {
    const row = await this.repository.insert(manager, g);
    if (!row) return undefined;
    await this.outbox.publish(manager, 'grievance.opened', row.id, {
      grievanceId: row.id,
      incidentId: row.incident_id,
      ...(row.beneficiary_id !== null ? { beneficiaryId: row.beneficiary_id } : {}),
      orgCode: row.org_code,
      category: row.category,
      source: row.source,
      openedAt: row.opened_at.toISOString(),
      dueAt: row.due_at.toISOString(),
    });
    await this.audit.record(manager, {
      action: 'grievance.open',
      targetType: 'grievance',
      targetId: row.id,
      orgCode: row.org_code,
      summary: { incidentId: row.incident_id, category: row.category, source: row.source },
    });
    return row;
  }

  async list(user: AuthUser, query: ListGrievancesQuery): Promise<Page<GrievanceView>> {
    const limit = pageSize(query);
    const rows = await this.repository.list(this.dataSource.manager, {
      orgCodes: await this.scope.subtreeCodes(user),
      withSensitive: isAdmin(user),
      status: query.status ?? null,
      category: query.category ?? null,
      incidentId: query.incidentId ?? null,
      beneficiaryId: query.beneficiaryId ?? null,
      after: decodeCursor(query.cursor) ?? null,
      limit: limit + 1,
    });
    return pageOf(
      rows,
      limit,
      (r) => this.toView(r),
      (r) => encodeCursor({ at: r.opened_at, id: r.id }),
    );
  }

  async get(user: AuthUser, id: string): Promise<GrievanceView> {
    const row = await this.repository.find(this.dataSource.manager, id);
    await this.readable(user, row, id);
    return this.toView(row!);
  }

  async assign(user: AuthUser, id: string, dto: AssignGrievanceDto): Promise<GrievanceView> {
    return this.dataSource.transaction(async (manager) => {
      const row = await this.lockWritable(manager, user, id);
      const updated = await this.repository.assign(manager, id, dto.assigneeId);
      await this.outbox.publish(manager, 'grievance.assigned', id, {
        grievanceId: id,
        incidentId: row.incident_id,
        orgCode: row.org_code,
        category: row.category,
        assigneeId: dto.assigneeId,
      });
      await this.audit.record(manager, {
        action: 'grievance.assign',
        targetType: 'grievance',
        targetId: id,
        orgCode: row.org_code,
        summary: { assigneeId: dto.assigneeId },
      });
      return this.toView(updated);
    });
  }

  async close(user: AuthUser, id: string, dto: CloseGrievanceDto): Promise<GrievanceView> {
    return this.dataSource.transaction(async (manager) => {
      const row = await this.lockWritable(manager, user, id);
      const closed = await this.repository.close(
        manager,
        id,
        this.pii.seal('grievance', dto.outcome),
        user.sub,
      );
      await this.outbox.publish(manager, 'grievance.closed', id, {
        grievanceId: id,
        incidentId: row.incident_id,
        orgCode: row.org_code,
        category: row.category,
        closedAt: closed.closed_at!.toISOString(),
      });
      await this.audit.record(manager, {
        action: 'grievance.close',
        targetType: 'grievance',
        targetId: id,
        orgCode: row.org_code,
        summary: { category: row.category },
      });
      return this.toView(closed);
    });
  }

  private async lockWritable(
    manager: EntityManager,
    user: AuthUser,
    id: string,
  ): Promise<GrievanceRow> {
    const row = await this.repository.find(manager, id, true);
    await this.readable(user, row, id, manager);
    await this.scope.assertCanWrite(user, row!.org_code, manager);
    if (row!.status === 'closed') throw conflict(`grievance ${id} is closed`);
    return row!;
  }

  /** 404 alike for unknown, out of scope, and sensitive to a non-admin. */
  private async readable(
    user: AuthUser,
    row: GrievanceRow | undefined,
    id: string,
    manager?: EntityManager,
  ): Promise<void> {
    const visible = row && (row.category !== 'sensitive' || isAdmin(user));
    if (!visible) throw notFound(`grievance ${id}`);
    await this.scope.assertReadable(user, row.org_code, `grievance ${id}`, manager);
  }

  private toView(r: GrievanceRow): GrievanceView {
    return {
      id: r.id,
      incidentId: r.incident_id,
      ...(r.beneficiary_id !== null ? { beneficiaryId: r.beneficiary_id } : {}),
      orgCode: r.org_code,
      category: r.category,
      source: r.source,
      description: this.pii.open('grievance', {
        cipher: r.description_cipher,
        keyId: r.description_key_id,
      }),
      status: r.status,
      ...(r.assignee_id !== null ? { assigneeId: r.assignee_id } : {}),
      openedBy: r.opened_by,
      openedAt: r.opened_at.toISOString(),
      dueAt: r.due_at.toISOString(),
      overdue: r.closed_at === null && r.due_at.getTime() <= Date.now(),
      ...(r.outcome_cipher !== null && r.outcome_key_id !== null
        ? {
            outcome: this.pii.open('grievance', {
              cipher: r.outcome_cipher,
              keyId: r.outcome_key_id,
            }),
          }
        : {}),
      ...(r.closed_by !== null ? { closedBy: r.closed_by } : {}),
      ...(r.closed_at !== null ? { closedAt: r.closed_at.toISOString() } : {}),
    };
  }
}
