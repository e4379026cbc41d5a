import { canonicalJson, JsonValue } from '@aidflow/audit';
import { NEED_KINDS, NeedKind } from '@aidflow/contracts';
import { BODY_FIELD, ErrorDetail, validationErrorsToDetails } from '@aidflow/platform';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { createHash } from 'node:crypto';
import { unstorableTextDetails } from './batch/unstorable-text';
import { VisitDto } from './dto/visit.dto';

export interface VisitCash {
  disbursementId: string;
  amountFen: number;
}

export interface VisitGoods {
  itemCode: string;
  quantity: number;
}

export interface VisitedBeneficiary {
  beneficiaryId: string;
  cash?: VisitCash;
  goods?: VisitGoods[];
  needs?: NeedKind[];
  receiptSha256?: string;
}

/** A visit in one canonical form: what is stored, hashed and compared on a resend. */
export interface NormalizedVisit {
  id: string;
  teamId: string;
  siteId: string;
  /** UTC, millisecond precision (what the database keeps). */
  visitedAt: string;
  location?: { lat: number; lon: number };
  notes?: string;
  beneficiaries: VisitedBeneficiary[];
}

export type ParsedVisit =
  { ok: true; visit: NormalizedVisit } | { ok: false; id?: string; details: ErrorDetail[] };

/**
 * Validates one visit as the global pipe would (unknown fields refused, every bad field named),
 * with field paths under `path` (e.g. `visits.3`), and normalizes it.
 */
export async function parseVisit(raw: unknown, path = ''): Promise<ParsedVisit> {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { ok: false, details: [{ field: path || BODY_FIELD, problem: 'must be an object' }] };
  }
  const rawId = (raw as { id?: unknown }).id;
  const id = typeof rawId === 'string' ? rawId.toLowerCase() : undefined;
  const unstorable = unstorableTextDetails(raw, path);
  if (unstorable.length > 0) {
    return { ok: false, ...(id !== undefined ? { id } : {}), details: unstorable };
  }
  const dto = plainToInstance(VisitDto, raw);
  const errors = await validate(dto, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
  });
  if (errors.length > 0) {
    return {
      ok: false,
      ...(id !== undefined ? { id } : {}),
      details: validationErrorsToDetails(errors, path),
    };
  }
  return { ok: true, visit: normalizeVisit(dto) };
}

/** Same meaning → same form: ids lower-cased, time in UTC, needs as a set, empty lists dropped. */
export function normalizeVisit(dto: VisitDto): NormalizedVisit {
  return {
    id: dto.id.toLowerCase(),
    teamId: dto.teamId.toLowerCase(),
    siteId: dto.siteId.toLowerCase(),
    visitedAt: new Date(dto.visitedAt).toISOString(),
    ...(dto.location ? { location: { lat: dto.location.lat, lon: dto.location.lon } } : {}),
    ...(dto.notes !== undefined && dto.notes !== '' ? { notes: dto.notes } : {}),
    beneficiaries: dto.beneficiaries.map((b) => {
      const needs = NEED_KINDS.filter((kind) => b.needs?.includes(kind));
      return {
        beneficiaryId: b.beneficiaryId.toLowerCase(),
        ...(b.cash
          ? {
              cash: {
                disbursementId: b.cash.disbursementId.toLowerCase(),
                amountFen: b.cash.amountFen,
              },
            }
          : {}),
        ...(b.goods && b.goods.length > 0
          ? { goods: b.goods.map((g) => ({ itemCode: g.itemCode, quantity: g.quantity })) }
          : {}),
        ...(needs.length > 0 ? { needs } : {}),
        ...(b.receiptSha256 !== undefined ? { receiptSha256: b.receiptSha256.toLowerCase() } : {}),
      };
    }),
  };
}

/** SHA-256 of the canonical JSON: equal for equal content whatever the key order on the wire. */
export function visitContentHash(visit: NormalizedVisit): string {
  const json = JSON.parse(JSON.stringify(visit)) as JsonValue;
  return createHash('sha256').update(canonicalJson(json)).digest('hex');
}
