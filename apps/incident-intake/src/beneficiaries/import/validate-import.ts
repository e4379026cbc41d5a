import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { validationErrorsToDetails } from '@aidflow/platform';
import { RegisterBeneficiaryDto } from '../dto/register-beneficiary.dto';
import { ImportRow } from './parse-import-file';

const YES = new Set(['yes', 'y', 'true', '1', '是', '同意', 'ཡིན།', 'ཡིན']);

export interface ValidRow {
  line: number;
  dto: RegisterBeneficiaryDto;
}

export interface RowProblem {
  field: string;
  problem: string;
}

/** `rows[<line>].<field>`: the line is the row number in the file (the header is row 1). */
export const rowField = (line: number, field: string) => `rows[${line}].${field}`;

/**
 * Checks every row with the rules of a single registration (the same DTO: check digit, enums,
 * sizes, consent), without stopping at the first bad one. Problems never repeat an id number.
 */
export function validateRows(
  incidentId: string,
  rows: readonly ImportRow[],
): { valid: ValidRow[]; problems: RowProblem[] } {
  const valid: ValidRow[] = [];
  const problems: RowProblem[] = [];
  for (const row of rows) {
    const c = row.cells;
    const plain: Record<string, unknown> = {
      incidentId,
      ...(c.siteId !== undefined ? { siteId: c.siteId } : {}),
      fullName: c.fullName,
      idNumber: c.idNumber,
      category: c.category,
      tier: c.tier,
      householdSize:
        c.householdSize !== undefined && /^\d+$/.test(c.householdSize)
          ? Number(c.householdSize)
          : c.householdSize,
      ...(c.phone !== undefined ? { phone: c.phone } : {}),
      ...(c.employer !== undefined ? { employer: c.employer } : {}),
      consent:
        c.consent !== undefined && YES.has(c.consent.toLowerCase()) ? true : (c.consent ?? false),
    };
    const dto = plainToInstance(RegisterBeneficiaryDto, plain);
    const errors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length === 0) valid.push({ line: row.line, dto });
    else
      for (const d of validationErrorsToDetails(errors))
        problems.push({ field: rowField(row.line, d.field), problem: d.problem });
  }
  return { valid, problems };
}
