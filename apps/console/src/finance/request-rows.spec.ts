import { describe, expect, it } from '@jest/globals';
import type { Beneficiary } from '../api/types';
import { checkRows, parseCsv } from './request-rows';

const known = new Map(
  ['b1', 'b2', 'b3'].map((id): [string, Beneficiary] => [
    id,
    {
      id,
      incidentId: 'i',
      orgCode: 'QH',
      fullName: id,
      idNumberMasked: '',
      category: 'affected_family',
      tier: 'none',
      householdSize: 1,
      consent: true,
      createdAt: '2021-05-22T00:00:00Z',
    },
  ]),
);

describe('bulk request rows', () => {
  it('parses quoted CSV with a BOM and CRLF', () => {
    expect(
      parseCsv('\uFEFFbeneficiaryId,amount,note\r\nb1,"1,000.50","say ""hi"""\r\n\r\nb2,20\n'),
    ).toEqual([
      ['beneficiaryId', 'amount', 'note'],
      ['b1', '1,000.50', 'say "hi"'],
      ['b2', '20'],
    ]);
  });

  it('names each bad row and why, and accepts good rows', () => {
    const { rows, fileProblems } = checkRows(
      parseCsv('受助人ID,金额\nb1,100\nnobody,100\nb2,12.345\nb1,5\nb3,0.01'),
      known,
    );
    expect(fileProblems).toEqual([]);
    expect(rows.map((r) => [r.line, r.amountFen ?? null, r.problems.map((p) => p.kind)])).toEqual([
      [2, 10000, []],
      [3, 10000, ['unknownBeneficiary']],
      [4, null, ['notAmount']],
      [5, 500, ['duplicateRow']],
      [6, 1, []],
    ]);
  });

  it('refuses a file without the needed columns', () => {
    expect(checkRows([['name', 'yuan']], known).fileProblems).toEqual([
      { kind: 'missingColumn', column: 'beneficiaryId' },
      { kind: 'missingColumn', column: 'amount' },
    ]);
  });
});
