import { ArgumentMetadata, BadRequestException } from '@nestjs/common';
import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Min,
  ValidateNested,
} from 'class-validator';
import { ApiErrorBody } from '../errors/api-error';
import { createValidationPipe } from './validation-pipe';

class CashDto {
  @IsUUID() disbursementId!: string;
  @IsInt() @Min(1) amountFen!: number;
}

class VisitedBeneficiaryDto {
  @IsUUID() beneficiaryId!: string;
  @IsOptional() @ValidateNested() @Type(() => CashDto) cash?: CashDto;
  @IsOptional() @IsIn(['medical', 'housing'], { each: true }) needs?: string[];
}

class VisitDto {
  @IsUUID() id!: string;
  @IsString() notes!: string;
  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => VisitedBeneficiaryDto)
  beneficiaries!: VisitedBeneficiaryDto[];
}

const metadata: ArgumentMetadata = { type: 'body', metatype: VisitDto };
const ID = '6f1c1c9e-8a57-4c1e-9a59-0d8b3a9d8c11';

async function failure(value: unknown): Promise<ApiErrorBody> {
  try {
    await createValidationPipe().transform(value, metadata);
  } catch (error) {
    expect(error).toBeInstanceOf(BadRequestException);
    return (error as BadRequestException).getResponse() as ApiErrorBody;
  }
  throw new Error('expected validation to fail');
}

describe('validation pipe → error details', () => {
  it('accepts and transforms a valid body', async () => {
    const value: VisitDto = await createValidationPipe().transform(
      {
        id: ID,
        notes: 'ok',
        beneficiaries: [{ beneficiaryId: ID, cash: { disbursementId: ID, amountFen: 100 } }],
      },
      metadata,
    );
    expect(value).toBeInstanceOf(VisitDto);
    expect(value.beneficiaries[0]?.cash).toBeInstanceOf(CashDto);
  });

  it('names nested and array fields with dotted paths', async () => {
    const body = await failure({
      id: ID,
      notes: 'x',
      beneficiaries: [
        { beneficiaryId: ID },
        { beneficiaryId: ID, cash: { disbursementId: ID, amountFen: 'ten' } },
      ],
    });
    expect(body.statusCode).toBe(400);
    expect(body.error).toBe('Bad Request');
    expect(body.details).toEqual([
      { field: 'beneficiaries.1.cash.amountFen', problem: 'must not be less than 1' },
      { field: 'beneficiaries.1.cash.amountFen', problem: 'must be an integer number' },
    ]);
    expect(body.message).toContain('beneficiaries.1.cash.amountFen');
  });

  it('rejects unknown fields at every level', async () => {
    const body = await failure({
      id: ID,
      notes: 'x',
      foo: 1,
      beneficiaries: [
        { beneficiaryId: ID, bar: true, cash: { disbursementId: ID, amountFen: 5, baz: 'z' } },
      ],
    });
    expect(body.details).toEqual(
      expect.arrayContaining([
        { field: 'foo', problem: 'is not allowed' },
        { field: 'beneficiaries.0.bar', problem: 'is not allowed' },
        { field: 'beneficiaries.0.cash.baz', problem: 'is not allowed' },
      ]),
    );
    expect(body.details).toHaveLength(3);
  });

  it('names every bad field at once, not just the first', async () => {
    const body = await failure({ id: 'nope', notes: 7, beneficiaries: [] });
    const fields = body.details!.map((d) => d.field);
    expect(new Set(fields)).toEqual(new Set(['id', 'notes', 'beneficiaries']));
    expect(body.details).toEqual(
      expect.arrayContaining([
        { field: 'id', problem: 'must be a UUID' },
        { field: 'notes', problem: 'must be a string' },
        { field: 'beneficiaries', problem: 'must contain at least 1 elements' },
      ]),
    );
  });

  it('describes `each` constraints, wrong nested shapes and missing bodies readably', async () => {
    const body = await failure({
      id: ID,
      notes: 'x',
      beneficiaries: [{ beneficiaryId: ID, cash: 12, needs: ['medical', 'karaoke'] }],
    });
    expect(body.details).toEqual(
      expect.arrayContaining([
        { field: 'beneficiaries.0.cash', problem: 'must be either object or array' },
        {
          field: 'beneficiaries.0.needs',
          problem: 'each value must be one of the following values: medical, housing',
        },
      ]),
    );
    const missing = await failure(undefined);
    expect(missing.details!.map((d) => d.field)).toEqual(
      expect.arrayContaining(['id', 'notes', 'beneficiaries']),
    );
  });
});
