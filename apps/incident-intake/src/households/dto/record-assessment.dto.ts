import {
  BENEFICIARY_TIERS,
  BeneficiaryTier,
  HOUSEHOLD_SHOCKS,
  HouseholdShock,
  ISO_TIMESTAMP_WITH_OFFSET,
} from '@aidflow/contracts';
import { Trim } from '@aidflow/platform';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  registerDecorator,
} from 'class-validator';

/** Clocks of field devices drift: a few minutes ahead is still "now". */
const FUTURE_TOLERANCE_MS = 5 * 60 * 1000;

const Fen = (): PropertyDecorator => (target, key) => {
  IsInt({ message: '$property must be a whole number of fen' })(target, key);
  Min(0)(target, key);
  Max(Number.MAX_SAFE_INTEGER)(target, key);
};

export class RecordAssessmentDto {
  @IsISO8601({ strict: true })
  @Matches(ISO_TIMESTAMP_WITH_OFFSET, { message: 'must be an ISO-8601 date-time with an offset' })
  @NotInFuture()
  assessedAt!: string;

  /** The household's whole monthly income, integer fen. */
  @IsOptional()
  @Fen()
  monthlyIncomeFen?: number;

  @IsInt()
  @Min(1)
  @Max(100)
  householdSize!: number;

  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(HOUSEHOLD_SHOCKS.length)
  @IsIn([...HOUSEHOLD_SHOCKS], { each: true })
  shocks?: HouseholdShock[];

  /** Monthly spending on illness, disability, disaster repair or schooling, integer fen. */
  @IsOptional()
  @Fen()
  essentialSpendingFen?: number;

  /** Omitted: the household keeps its tier. */
  @IsOptional()
  @IsIn([...BENEFICIARY_TIERS])
  tier?: BeneficiaryTier;

  /** May hold personal detail: stored encrypted, never in events or logs. */
  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  note?: string;
}

function NotInFuture(): PropertyDecorator {
  return (target, propertyKey) =>
    registerDecorator({
      name: 'notInFuture',
      target: target.constructor,
      propertyName: String(propertyKey),
      options: { message: 'must not be in the future' },
      validator: {
        validate: (value: unknown) =>
          typeof value !== 'string' || !(Date.parse(value) > Date.now() + FUTURE_TOLERANCE_MS),
      },
    });
}
