import { AuditService } from '@aidflow/audit';
import { AuthUser, ScopeService } from '@aidflow/auth';
import { VERIFICATION_PROBLEMS, VerificationOutcome } from '@aidflow/contracts';
import { updateReturning } from '@aidflow/database';
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
import { Injectable } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { fen, fenParam } from '../common/money';
import {
  DrawVerificationDto,
  ListVerificationsQuery,
  RecordOutcomeDto,
} from './dto/verification.dto';
import { sampleSize } from './sample-size';
import { drawSample } from './seeded-sample';

interface ItemRow {
  disbursement_id: string;
  position: number;
  beneficiary_id: string;
  site_id: string | null;
  amount_fen: string;
  outcome: VerificationOutcome | null;
  received_amount_fen: string | null;
  note: string | null;
  recorded_by: string | null;
  recorded_at: Date | null;
}

interface VerificationRow {
  id: string;
  fund_id: string;
  site_id: string | null;
  confidence: string;
  margin_of_error: string;
  seed: string;
  population_size: number;
  sample_size: number;
  org_code: string;
  incident_id: string | null;
  created_by: string;
  created_at: Date;
}

export interface VerificationView {
  id: string;
  fundId: string;
  siteId?: string;
  confidence: number;
  marginOfError: number;
  seed: string;
  populationSize: number;
  sampleSize: number;
  orgCode: string;
  incidentId?: string;
  createdBy: string;
  createdAt: string;
  // Spelt out: the OpenAPI generator types a mapped Record's values as unknown.
  counts: { received: number; not_received: number; received_with_issues: number; pending: number };
  items: {
    position: number;
    disbursementId: string;
    beneficiaryId: string;
    siteId?: string;
    amountFen: number;
    outcome?: VerificationOutcome;
    receivedAmountFen?: number;
    note?: string;
    recordedBy?: string;
    recordedAt?: string;
  }[];
}

/** A verification without its items: what a list shows. */
export interface VerificationSummary {
  id: string;
  fundId: string;
  siteId?: string;
  confidence: number;
  marginOfError: number;
  populationSize: number;
  sampleSize: number;
  orgCode: string;
  incidentId?: string;
  createdBy: string;
  createdAt: string;
  counts: { received: number; not_received: number; received_with_issues: number; pending: number };
}

type SummaryRow = VerificationRow & {
  received: number;
  not_received: number;
  received_with_issues: number;
  pending: number;
};

/**
 * Verification by random sample (as UNICEF HOPE does): a reproducible sample of a fund's delivered
 * disbursements, sized from confidence and margin of error, whose recipients are re-contacted.
 * A not_received / received_with_issues outcome publishes verification.discrepancy (the
 * grievance list and an ops alert follow it).
 */
@Injectable()
export class VerificationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly scope: ScopeService,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
  ) {}

  async draw(user: AuthUser, dto: DrawVerificationDto): Promise<VerificationView> {
    const id = await this.dataSource.transaction(async (manager) => {
      const [fund] = await manager.query<
        { id: string; owner_org_code: string; incident_id: string | null }[]
      >(`SELECT id, owner_org_code, incident_id FROM funds WHERE id = $1`, [dto.fundId]);
      if (!fund || !(await this.scope.isWithin(user, fund.owner_org_code, manager))) {
        throw unprocessable(`fund ${dto.fundId} does not exist`, [
          { field: 'fundId', problem: 'no fund with this id exists in your scope' },
        ]);
      }
      const population = await manager.query<
        { id: string; beneficiary_id: string; site_id: string | null; amount_fen: string }[]
      >(
        `SELECT d.id, d.beneficiary_id, b.site_id, d.amount_fen FROM disbursements d
           JOIN beneficiary_replica b ON b.id = d.beneficiary_id
          WHERE d.fund_id = $1 AND d.status = 'delivered' AND ($2::uuid IS NULL OR b.site_id = $2)`,
        [fund.id, dto.siteId ?? null],
      );
      if (population.length === 0) {
        throw unprocessable('nothing to verify: no delivered disbursements', [
          {
            field: dto.siteId ? 'siteId' : 'fundId',
            problem: 'has no delivered disbursements to sample',
          },
        ]);
      }
      const size = sampleSize(population.length, dto.confidence, dto.marginOfError);
      const seed = dto.seed ?? randomBytes(12).toString('hex');
      const sample = drawSample(population, size, seed, (d) => d.id);
      const verificationId = randomUUID();
      await manager.query(
        `INSERT INTO verifications (id, fund_id, site_id, confidence, margin_of_error, seed, population_size,
                                    sample_size, org_code, incident_id, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [
          verificationId,
          fund.id,
          dto.siteId ?? null,
          dto.confidence,
          dto.marginOfError,
          seed,
          population.length,
          size,
          fund.owner_org_code,
          fund.incident_id,
          user.sub,
        ],
      );
      await manager.query(
        `INSERT INTO verification_items (verification_id, disbursement_id, position, beneficiary_id, site_id, amount_fen)
         SELECT $1, x.d, x.pos, x.b, x.s, x.a
           FROM unnest($2::uuid[], $3::int[], $4::uuid[], $5::uuid[], $6::bigint[]) AS x(d, pos, b, s, a)`,
        [
          verificationId,
          sample.map((s) => s.id),
          sample.map((_, i) => i + 1),
          sample.map((s) => s.beneficiary_id),
          sample.map((s) => s.site_id),
          sample.map((s) => s.amount_fen),
        ],
      );
      await this.outbox.publish(manager, 'verification.drawn', verificationId, {
        verificationId,
        fundId: fund.id,
        ...(dto.siteId ? { siteId: dto.siteId } : {}),
        populationSize: population.length,
        sampleSize: size,
        seed,
        drawnBy: user.sub,
        orgCode: fund.owner_org_code,
        ...(fund.incident_id !== null ? { incidentId: fund.incident_id } : {}),
      });
      await this.audit.record(manager, {
        action: 'verification.draw',
        targetType: 'verification',
        targetId: verificationId,
        summary: { ...dto, seed, populationSize: population.length, sampleSize: size },
      });
      return verificationId;
    });
    return this.get(user, id);
  }

  async record(
    user: AuthUser,
    id: string,
    disbursementId: string,
    dto: RecordOutcomeDto,
  ): Promise<VerificationView> {
    await this.dataSource.transaction(async (manager) => {
      // Read through the transaction's own connection: on one-session PGlite another connection waits for it to end.
      const v = await this.readable(user, id, manager);
      const [item] = await manager.query<ItemRow[]>(
        `SELECT * FROM verification_items WHERE verification_id = $1 AND disbursement_id = $2 FOR UPDATE`,
        [id, disbursementId],
      );
      if (!item) throw notFound(`disbursement ${disbursementId} in verification ${id}`);
      if (item.outcome !== null) {
        throw conflict(
          `the outcome for disbursement ${disbursementId} is already recorded (${item.outcome})`,
        );
      }
      await updateReturning(
        manager,
        `UPDATE verification_items SET outcome = $3, received_amount_fen = $4, note = $5, recorded_by = $6,
                recorded_at = now()
          WHERE verification_id = $1 AND disbursement_id = $2 RETURNING disbursement_id`,
        [
          id,
          disbursementId,
          dto.outcome,
          dto.receivedAmountFen !== undefined ? fenParam(dto.receivedAmountFen) : null,
          dto.note ?? null,
          user.sub,
        ],
      );
      if ((VERIFICATION_PROBLEMS as readonly string[]).includes(dto.outcome)) {
        await this.outbox.publish(manager, 'verification.discrepancy', `${id}:${disbursementId}`, {
          verificationId: id,
          disbursementId,
          beneficiaryId: item.beneficiary_id,
          fundId: v.fund_id,
          outcome: dto.outcome as (typeof VERIFICATION_PROBLEMS)[number],
          expectedAmountFen: fen(item.amount_fen),
          ...(dto.receivedAmountFen !== undefined
            ? { receivedAmountFen: dto.receivedAmountFen }
            : {}),
          recordedBy: user.sub,
          orgCode: v.org_code,
          ...(v.incident_id !== null ? { incidentId: v.incident_id } : {}),
        });
      }
      await this.audit.record(manager, {
        action: 'verification.record',
        targetType: 'verification',
        targetId: id,
        summary: { disbursementId, outcome: dto.outcome, receivedAmountFen: dto.receivedAmountFen },
      });
    });
    return this.get(user, id);
  }

  async get(user: AuthUser, id: string): Promise<VerificationView> {
    const v = await this.readable(user, id);
    const items = await this.dataSource.query<ItemRow[]>(
      `SELECT * FROM verification_items WHERE verification_id = $1 ORDER BY position`,
      [id],
    );
    const counts = { received: 0, not_received: 0, received_with_issues: 0, pending: 0 };
    for (const item of items) counts[item.outcome ?? 'pending'] += 1;
    return {
      id: v.id,
      fundId: v.fund_id,
      ...(v.site_id !== null ? { siteId: v.site_id } : {}),
      confidence: Number(v.confidence),
      marginOfError: Number(v.margin_of_error),
      seed: v.seed,
      populationSize: v.population_size,
      sampleSize: v.sample_size,
      orgCode: v.org_code,
      ...(v.incident_id !== null ? { incidentId: v.incident_id } : {}),
      createdBy: v.created_by,
      createdAt: v.created_at.toISOString(),
      counts,
      items: items.map((i) => ({
        position: i.position,
        disbursementId: i.disbursement_id,
        beneficiaryId: i.beneficiary_id,
        ...(i.site_id !== null ? { siteId: i.site_id } : {}),
        amountFen: fen(i.amount_fen),
        ...(i.outcome !== null ? { outcome: i.outcome } : {}),
        ...(i.received_amount_fen !== null
          ? { receivedAmountFen: fen(i.received_amount_fen) }
          : {}),
        ...(i.note !== null ? { note: i.note } : {}),
        ...(i.recorded_by !== null ? { recordedBy: i.recorded_by } : {}),
        ...(i.recorded_at !== null ? { recordedAt: i.recorded_at.toISOString() } : {}),
      })),
    };
  }

  async list(user: AuthUser, query: ListVerificationsQuery): Promise<Page<VerificationSummary>> {
    const limit = pageSize(query);
    const after = decodeCursor(query.cursor);
    const params: unknown[] = [await this.scope.subtreeCodes(user)];
    const where = ['v.org_code = ANY($1::text[])'];
    if (query.fundId !== undefined) where.push(`v.fund_id = $${params.push(query.fundId)}`);
    if (query.incidentId !== undefined)
      where.push(`v.incident_id = $${params.push(query.incidentId)}`);
    if (after)
      where.push(`(v.created_at, v.id) < ($${params.push(after.at)}, $${params.push(after.id)})`);
    const rows = await this.dataSource.query<SummaryRow[]>(
      `SELECT v.*,
              count(*) FILTER (WHERE i.outcome = 'received')::int AS received,
              count(*) FILTER (WHERE i.outcome = 'not_received')::int AS not_received,
              count(*) FILTER (WHERE i.outcome = 'received_with_issues')::int AS received_with_issues,
              count(i.disbursement_id) FILTER (WHERE i.outcome IS NULL)::int AS pending
         FROM verifications v LEFT JOIN verification_items i ON i.verification_id = v.id
        WHERE ${where.join(' AND ')}
        GROUP BY v.id ORDER BY v.created_at DESC, v.id DESC LIMIT $${params.push(limit + 1)}`,
      params,
    );
    return pageOf(
      rows,
      limit,
      (v) => ({
        id: v.id,
        fundId: v.fund_id,
        ...(v.site_id !== null ? { siteId: v.site_id } : {}),
        confidence: Number(v.confidence),
        marginOfError: Number(v.margin_of_error),
        populationSize: v.population_size,
        sampleSize: v.sample_size,
        orgCode: v.org_code,
        ...(v.incident_id !== null ? { incidentId: v.incident_id } : {}),
        createdBy: v.created_by,
        createdAt: v.created_at.toISOString(),
        counts: {
          received: v.received,
          not_received: v.not_received,
          received_with_issues: v.received_with_issues,
          pending: v.pending,
        },
      }),
      (v) => encodeCursor({ at: v.created_at, id: v.id }),
    );
  }

  private async readable(
    user: AuthUser,
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<VerificationRow> {
    const [row] = await manager.query<VerificationRow[]>(
      `SELECT * FROM verifications WHERE id = $1`,
      [id],
    );
    await this.scope.assertReadable(user, row?.org_code, `verification ${id}`, manager);
    if (!row) throw notFound(`verification ${id}`);
    return row;
  }
}
