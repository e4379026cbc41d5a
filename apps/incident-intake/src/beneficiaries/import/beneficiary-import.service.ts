import { AuditService } from '@aidflow/audit';
import { AuthUser } from '@aidflow/auth';
import { maskIdNumber } from '@aidflow/contracts';
import { NewEvent, OutboxService } from '@aidflow/messaging';
import { badRequest, conflict, ErrorDetail, unprocessable } from '@aidflow/platform';
import { IdempotencyService } from '@aidflow/service-kit';
import { Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { IncidentsService } from '../../incidents/incidents.service';
import { PiiCipher } from '../../pii/pii-cipher';
import { maskPhone } from '../dto/beneficiary.view';
import { parseImportFile } from './parse-import-file';
import { rowField, validateRows, ValidRow } from './validate-import';

/** Rows per INSERT / outbox / audit statement (well under PostgreSQL's 65,535 parameters). */
const CHUNK = 1000;
export const IMPORT_MAX_ROWS = 50_000;

export interface ImportResult {
  incidentId: string;
  imported: number;
  beneficiaries: { line: number; id: string; idNumberMasked: string }[];
}

interface Prepared extends ValidRow {
  id: string;
  hash: string;
}

/**
 * Bulk registration: every row is checked (the single registration's rules, duplicates in the
 * file and against the registry, sites of the incident) and all problems are answered at once,
 * before anything is written; then every row is written in one transaction with its event and
 * audit row, under the caller's Idempotency-Key.
 */
@Injectable()
export class BeneficiaryImportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly incidents: IncidentsService,
    private readonly pii: PiiCipher,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly idempotency: IdempotencyService,
  ) {}

  async import(
    user: AuthUser,
    incidentId: string,
    contentType: string,
    body: Buffer,
    key: string | undefined,
  ): Promise<ImportResult> {
    if (key === undefined || key === '')
      throw badRequest([{ field: 'Idempotency-Key', problem: 'is required for an import' }]);
    const file = await parseImportFile(contentType, body);
    if (file.problems.length > 0)
      throw badRequest(file.problems, 'the file cannot be read as the template');
    if (file.rows.length === 0) throw badRequest([{ field: 'file', problem: 'has no data rows' }]);
    if (file.rows.length > IMPORT_MAX_ROWS)
      throw badRequest([{ field: 'file', problem: `has more than ${IMPORT_MAX_ROWS} rows` }]);

    const { valid, problems } = validateRows(incidentId, file.rows);
    const prepared: Prepared[] = valid.map((v) => ({
      ...v,
      id: randomUUID(),
      hash: this.pii.lookupHash(v.dto.idNumber),
    }));
    const firstLine = new Map<string, number>();
    for (const p of prepared) {
      const seen = firstLine.get(p.hash);
      if (seen !== undefined)
        problems.push({
          field: rowField(p.line, 'idNumber'),
          problem: `the same person as row ${seen}`,
        });
      else firstLine.set(p.hash, p.line);
    }
    const fingerprint = {
      incidentId,
      sha256: createHash('sha256').update(body).digest('hex'),
    };
    return this.dataSource.transaction(async (manager) => {
      const { result } = await this.idempotency.once(manager, key, fingerprint, async () => {
        const incident = await this.incidents.lockForChildWrite(manager, user, incidentId, () =>
          unprocessable(`incident ${incidentId} does not exist`, [
            { field: 'incidentId', problem: 'no incident with this id exists' },
          ]),
        );
        problems.push(...(await this.registryProblems(manager, incident.id, prepared)));
        if (problems.length > 0) {
          problems.sort((a, b) => lineOf(a) - lineOf(b));
          throw badRequest(
            problems,
            `${problems.length} problem(s) in ${new Set(problems.map(lineOf)).size} row(s); nothing was imported`,
          );
        }
        return this.write(manager, user, incident.id, incident.leadOrgCode, prepared);
      });
      return result;
    });
  }

  /** Sites not of this incident, and people already registered. */
  private async registryProblems(
    manager: EntityManager,
    incidentId: string,
    rows: readonly Prepared[],
  ): Promise<ErrorDetail[]> {
    const problems: ErrorDetail[] = [];
    const siteIds = [...new Set(rows.flatMap((r) => (r.dto.siteId ? [r.dto.siteId] : [])))];
    if (siteIds.length > 0) {
      const known = new Set(
        (
          await manager.query<{ id: string }[]>(
            `SELECT id FROM sites WHERE incident_id = $1 AND id = ANY($2::uuid[])`,
            [incidentId, siteIds],
          )
        ).map((s) => s.id),
      );
      for (const r of rows)
        if (r.dto.siteId && !known.has(r.dto.siteId))
          problems.push({
            field: rowField(r.line, 'siteId'),
            problem: 'is not a site of this incident',
          });
    }
    const existing = new Map(
      (
        await manager.query<{ id: string; id_number_hash: string }[]>(
          `SELECT id, id_number_hash FROM beneficiaries WHERE id_number_hash = ANY($1::text[])`,
          [rows.map((r) => r.hash)],
        )
      ).map((e) => [e.id_number_hash, e.id]),
    );
    for (const r of rows) {
      const id = existing.get(r.hash);
      if (id)
        problems.push({
          field: rowField(r.line, 'idNumber'),
          problem: `already registered as ${id}`,
        });
    }
    return problems;
  }

  private async write(
    manager: EntityManager,
    user: AuthUser,
    incidentId: string,
    orgCode: string,
    rows: readonly Prepared[],
  ): Promise<ImportResult> {
    const out: ImportResult['beneficiaries'] = [];
    for (let start = 0; start < rows.length; start += CHUNK) {
      const chunk = rows.slice(start, start + CHUNK);
      const cols = chunk.map((r) => {
        const d = r.dto;
        const id = this.pii.seal('idNumber', d.idNumber);
        const phone = d.phone !== undefined ? this.pii.seal('phone', d.phone) : undefined;
        return {
          id: r.id,
          siteId: d.siteId ?? null,
          fullName: d.fullName,
          cipher: id.cipher,
          keyId: id.keyId,
          hash: r.hash,
          masked: maskIdNumber(d.idNumber),
          category: d.category,
          tier: d.tier,
          size: d.householdSize,
          phoneCipher: phone?.cipher ?? null,
          phoneKeyId: phone?.keyId ?? null,
          phoneMasked: d.phone !== undefined ? maskPhone(d.phone) : null,
          employer: d.employer ?? null,
        };
      });
      const pick = <K extends keyof (typeof cols)[number]>(k: K) => cols.map((c) => c[k]);
      const inserted = await manager.query<{ id: string }[]>(
        `INSERT INTO beneficiaries (id, incident_id, site_id, org_code, full_name, id_number_cipher,
                                    id_number_key_id, id_number_hash, id_number_masked, category, tier,
                                    household_size, phone_cipher, phone_key_id, phone_masked, employer,
                                    consent, created_by)
         SELECT u.id, $1, u.site_id, $2, u.full_name, u.cipher, u.key_id, u.hash, u.masked, u.category,
                u.tier, u.size, u.phone_cipher, u.phone_key_id, u.phone_masked, u.employer, true, $3
           FROM unnest($4::uuid[], $5::uuid[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[],
                       $11::text[], $12::text[], $13::int[], $14::text[], $15::text[], $16::text[], $17::text[])
                AS u(id, site_id, full_name, cipher, key_id, hash, masked, category, tier, size,
                     phone_cipher, phone_key_id, phone_masked, employer)
         ON CONFLICT (id_number_hash) DO NOTHING RETURNING id`,
        [
          incidentId,
          orgCode,
          user.sub,
          pick('id'),
          pick('siteId'),
          pick('fullName'),
          pick('cipher'),
          pick('keyId'),
          pick('hash'),
          pick('masked'),
          pick('category'),
          pick('tier'),
          pick('size'),
          pick('phoneCipher'),
          pick('phoneKeyId'),
          pick('phoneMasked'),
          pick('employer'),
        ],
      );
      // Someone registered one of these people meanwhile: the whole import rolls back.
      if (inserted.length !== chunk.length)
        throw conflict(
          'a person of this file was registered meanwhile; nothing was imported; send it again',
        );
      const events: NewEvent[] = cols.map((c) => ({
        type: 'beneficiary.registered',
        aggregateId: c.id,
        data: {
          beneficiaryId: c.id,
          incidentId,
          ...(c.siteId !== null ? { siteId: c.siteId } : {}),
          idNumberMasked: c.masked,
          category: c.category,
          tier: c.tier,
          householdSize: c.size,
          orgCode,
        },
      }));
      await this.outbox.publishMany(manager, events);
      await this.audit.recordMany(
        manager,
        cols.map((c) => ({
          action: 'beneficiary.import',
          targetType: 'beneficiary',
          targetId: c.id,
          orgCode,
          summary: {
            incidentId,
            siteId: c.siteId,
            idNumberMasked: c.masked,
            category: c.category,
            tier: c.tier,
            householdSize: c.size,
          },
        })),
      );
      chunk.forEach((r, i) => out.push({ line: r.line, id: r.id, idNumberMasked: cols[i].masked }));
    }
    return { incidentId, imported: out.length, beneficiaries: out };
  }
}

function lineOf(d: ErrorDetail): number {
  const m = /^rows\[(\d+)\]/.exec(d.field);
  return m ? Number(m[1]) : 0;
}
