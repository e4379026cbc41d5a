import {
  INCIDENT_KINDS,
  IncidentKind,
  ISO_TIMESTAMP_WITH_OFFSET,
  RESPONSE_LEVELS,
  ResponseLevel,
} from '@aidflow/contracts';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  registerDecorator,
  ValidateNested,
} from 'class-validator';
import { GeoPointDto, NestedGeoPoint, Trim } from '@aidflow/platform';
import { IsPrcAreaCode } from '../../common/fields';

/** Clocks of field devices drift: a few minutes ahead is still "now". */
const FUTURE_TOLERANCE_MS = 5 * 60 * 1000;

export class CreateIncidentDto {
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title!: string;

  @IsIn([...INCIDENT_KINDS])
  kind!: IncidentKind;

  @IsISO8601({ strict: true })
  @Matches(ISO_TIMESTAMP_WITH_OFFSET, { message: 'must be an ISO-8601 date-time with an offset' })
  @NotInFuture()
  occurredAt!: string;

  /** Richter/moment magnitude; only earthquakes have one. */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 1 })
  @Min(0)
  @Max(10)
  @OnlyForEarthquakes()
  magnitude?: number;

  @IsOptional()
  @ValidateNested()
  @NestedGeoPoint()
  epicenter?: GeoPointDto;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ArrayUnique()
  @IsPrcAreaCode({ each: true })
  areaCodes!: string[];

  @IsIn([...RESPONSE_LEVELS])
  responseLevel!: ResponseLevel;

  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  leadOrgCode!: string;
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

function OnlyForEarthquakes(): PropertyDecorator {
  return (target, propertyKey) =>
    registerDecorator({
      name: 'onlyForEarthquakes',
      target: target.constructor,
      propertyName: String(propertyKey),
      options: { message: 'applies to earthquakes only' },
      validator: {
        validate: (_value: unknown, args) =>
          (args?.object as Partial<CreateIncidentDto>).kind === 'earthquake',
      },
    });
}
