import { AuditService } from '@aidflow/audit';
import { AuthUser, ScopeService } from '@aidflow/auth';
import { maskIdNumber } from '@aidflow/contracts';
import { OutboxService } from '@aidflow/messaging';
import {
  conflict,
  unprocessable,
  decodeCursor,
  encodeCursor,
  Page,
  pageOf,
  pageSize,
} from '@aidflow/platform';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { IncidentsService } from '../incidents/incidents.service';
import { PiiCipher } from '../pii/pii-cipher';
import { Site } from '../sites/site.entity';
import { Beneficiary } from './beneficiary.entity';
import { BeneficiaryView, maskPhone, toBeneficiaryView } from './dto/beneficiary.view';
import { ListBeneficiariesQuery } from './dto/list-beneficiaries.query';
import { RegisterBeneficiaryDto } from './dto/register-beneficiary.dto';

@Injectable()
export class BeneficiariesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly incidents: IncidentsService,
    private readonly scope: ScopeService,
    private readonly pii: PiiCipher,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
  ) {}

  async register(user: AuthUser, dto: RegisterBeneficiaryDto): Promise<BeneficiaryView> {
    return this.dataSource.transaction(async (manager) => {
      // 422, not 404: the URL names nothing missing; a rule about the body refuses it.
      const incident = await this.incidents.lockForChildWrite(manager, user, dto.incidentId, () =>
        unprocessable(`incident ${dto.incidentId} does not exist`, [
          { field: 'incidentId', problem: 'no incident with this id exists' },
        ]),
      );
      if (dto.siteId !== undefined) {
        const site = await manager.findOne(Site, {
          where: { id: dto.siteId, incidentId: incident.id },
        });
        if (!site) {
          throw unprocessable(`site ${dto.siteId} is not a site of incident ${incident.id}`, [
            { field: 'siteId', problem: 'is not a site of this incident' },
          ]);
        }
      }

      const id = randomUUID();
      const idNumber = this.pii.seal('idNumber', dto.idNumber);
      const idNumberHash = this.pii.lookupHash(dto.idNumber);
      const phone = dto.phone !== undefined ? this.pii.seal('phone', dto.phone) : undefined;
      const row: Omit<BeneficiaryView, 'createdAt'> = {
        id,
        incidentId: incident.id,
        ...(dto.siteId !== undefined ? { siteId: dto.siteId } : {}),
        orgCode: incident.leadOrgCode,
        fullName: dto.fullName,
        idNumberMasked: maskIdNumber(dto.idNumber),
        category: dto.category,
        tier: dto.tier,
        householdSize: dto.householdSize,
        ...(dto.phone !== undefined ? { phoneMasked: maskPhone(dto.phone) } : {}),
        ...(dto.employer !== undefined ? { employer: dto.employer } : {}),
        consent: dto.consent,
      };
      // The unique hash index, not a prior SELECT, makes concurrent duplicates end in one row:
      // a second insert waits for the first to commit, then does nothing.
      const inserted = await manager.query<{ created_at: Date }[]>(
        `INSERT INTO beneficiaries (id, incident_id, site_id, org_code, full_name, id_number_cipher,
                                    id_number_key_id, id_number_hash, id_number_masked, category, tier,
                                    household_size, phone_cipher, phone_key_id, phone_masked, employer,
                                    consent, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
         ON CONFLICT (id_number_hash) DO NOTHING RETURNING created_at`,
        [
          id,
          row.incidentId,
          row.siteId ?? null,
          row.orgCode,
          row.fullName,
          idNumber.cipher,
          idNumber.keyId,
          idNumberHash,
          row.idNumberMasked,
          row.category,
          row.tier,
          row.householdSize,
          phone?.cipher ?? null,
          phone?.keyId ?? null,
          row.phoneMasked ?? null,
          row.employer ?? null,
          row.consent,
          user.sub,
        ],
      );
      const created = inserted[0];
      if (!created) {
        const [existing] = await manager.query<{ id: string }[]>(
          `SELECT id FROM beneficiaries WHERE id_number_hash = $1`,
          [idNumberHash],
        );
        const existingId = existing?.id ?? 'unknown';
        throw conflict(
          `this person is already registered as beneficiary ${existingId}`,
          [{ field: 'idNumber', problem: `already registered as ${existingId}` }],
          existingId,
        );
      }
      const view: BeneficiaryView = { ...row, createdAt: created.created_at.toISOString() };
      await this.outbox.publish(manager, 'beneficiary.registered', id, {
        beneficiaryId: id,
        incidentId: view.incidentId,
        ...(view.siteId !== undefined ? { siteId: view.siteId } : {}),
        idNumberMasked: view.idNumberMasked,
        category: view.category,
        tier: view.tier,
        householdSize: view.householdSize,
        orgCode: view.orgCode,
      });
      await this.audit.record(manager, {
        action: 'beneficiary.register',
        targetType: 'beneficiary',
        targetId: id,
        orgCode: view.orgCode,
        summary: {
          incidentId: view.incidentId,
          siteId: view.siteId,
          idNumberMasked: view.idNumberMasked,
          category: view.category,
          tier: view.tier,
          householdSize: view.householdSize,
        },
      });
      return view;
    });
  }

  async get(user: AuthUser, id: string): Promise<BeneficiaryView> {
    const row = await this.dataSource.manager.findOne(Beneficiary, { where: { id } });
    await this.scope.assertReadable(user, row?.orgCode, `beneficiary ${id}`);
    return toBeneficiaryView(row!);
  }

  async list(user: AuthUser, query: ListBeneficiariesQuery): Promise<Page<BeneficiaryView>> {
    const limit = pageSize(query);
    const after = decodeCursor(query.cursor);
    const builder = this.dataSource.manager
      .createQueryBuilder(Beneficiary, 'b')
      .where('b.org_code = ANY(:codes)', { codes: await this.scope.subtreeCodes(user) })
      .orderBy('b.createdAt', 'ASC')
      .addOrderBy('b.id', 'ASC')
      .limit(limit + 1);
    if (query.incidentId !== undefined)
      builder.andWhere('b.incident_id = :incidentId', { incidentId: query.incidentId });
    if (query.siteId !== undefined)
      builder.andWhere('b.site_id = :siteId', { siteId: query.siteId });
    if (query.tier !== undefined) builder.andWhere('b.tier = :tier', { tier: query.tier });
    if (query.category !== undefined)
      builder.andWhere('b.category = :category', { category: query.category });
    if (after) {
      builder.andWhere('(b.created_at, b.id) > (:afterAt, :afterId)', {
        afterAt: after.at,
        afterId: after.id,
      });
    }
    return pageOf(await builder.getMany(), limit, toBeneficiaryView, (row) =>
      encodeCursor({ at: row.createdAt, id: row.id }),
    );
  }
}
