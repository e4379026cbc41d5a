import { BaseServiceConfig } from '@aidflow/platform';
import {
  IsInt,
  IsNotEmpty,
  IsString,
  Matches,
  Max,
  Min,
  registerDecorator,
  ValidationArguments,
  ValidationOptions,
} from 'class-validator';
import { keyRingProblem } from '../pii/pii-keys';

export const SERVICE_NAME = 'incident-intake';

/** Well-known development keys: anyone can read them here, so production refuses them. */
export const DEV_PII_ENCRYPTION_KEYS = 'dev-1:ZGV2LW9ubHktYWlkZmxvdy1waWkta2V5LTMyYnl0ZXM=';
export const DEV_PII_ACTIVE_KEY_ID = 'dev-1';
export const DEV_PII_HMAC_KEY = 'aidflow-dev-only-pii-hmac-key-not-for-production';
/** An HMAC key shorter than the hash output weakens it (RFC 2104 §3). */
export const MIN_HMAC_KEY_BYTES = 32;

/** incident-intake settings: the shared ones plus its port, schema and personal-data keys. */
export class IntakeConfig extends BaseServiceConfig {
  override PORT = 3101;

  /** The PostgreSQL schema holding every table this service owns. */
  @Matches(/^[a-z_][a-z0-9_]*$/, { message: 'must be a lower-case SQL identifier' })
  DB_SCHEMA = 'intake';

  /** AES-256-GCM keys for id and phone numbers, `keyId:base64(32 bytes)` comma-separated; old ones stay to decrypt. */
  @IsValidKeyRing()
  @NotDevDefaultInProduction(DEV_PII_ENCRYPTION_KEYS)
  PII_ENCRYPTION_KEYS = DEV_PII_ENCRYPTION_KEYS;

  /** The key new ciphertexts are written with (rotation: add a key, switch this, keep the old one). */
  @IsString()
  @IsKeyOfRing()
  PII_ACTIVE_KEY_ID = DEV_PII_ACTIVE_KEY_ID;

  /** Keys the id-number lookup hash; never rotate it alone, or duplicates stop being found. */
  @IsString()
  @IsNotEmpty()
  @HasMinBytes(MIN_HMAC_KEY_BYTES)
  @NotDevDefaultInProduction(DEV_PII_HMAC_KEY)
  PII_HMAC_KEY = DEV_PII_HMAC_KEY;

  /** How often the relapse rules run over every household (0 = only on events); one replica holds the lease. */
  @IsInt()
  @Min(0)
  @Max(86_400_000)
  MONITORING_INTERVAL_MS = 3_600_000;

  /** How often open grievances are checked against their due time (0 = never); one replica holds the lease. */
  @IsInt()
  @Min(0)
  @Max(86_400_000)
  GRIEVANCE_OVERDUE_INTERVAL_MS = 300_000;
}

function IsValidKeyRing(options?: ValidationOptions): PropertyDecorator {
  return constraint('isValidKeyRing', options, (value) => keyRingProblem(value));
}

function IsKeyOfRing(options?: ValidationOptions): PropertyDecorator {
  return constraint('isKeyOfRing', options, (value, args) => {
    const ring = (args.object as IntakeConfig).PII_ENCRYPTION_KEYS;
    const ids = String(ring)
      .split(',')
      .map((entry) => entry.trim().split(':')[0]);
    return ids.includes(String(value)) ? undefined : 'must name one of the PII_ENCRYPTION_KEYS ids';
  });
}

function HasMinBytes(bytes: number, options?: ValidationOptions): PropertyDecorator {
  return constraint('hasMinBytes', options, (value) =>
    Buffer.byteLength(String(value), 'utf8') >= bytes
      ? undefined
      : `must be at least ${bytes} bytes`,
  );
}

function NotDevDefaultInProduction(
  devValue: string,
  options?: ValidationOptions,
): PropertyDecorator {
  return constraint('notDevDefaultInProduction', options, (value, args) =>
    (args.object as IntakeConfig).NODE_ENV === 'production' && value === devValue
      ? 'must not be the development default in production'
      : undefined,
  );
}

/** A class-validator constraint from a function answering the problem (undefined when fine). */
function constraint(
  name: string,
  options: ValidationOptions | undefined,
  problem: (value: unknown, args: ValidationArguments) => string | undefined,
): PropertyDecorator {
  return (target, propertyKey) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: String(propertyKey),
      options,
      validator: {
        validate: (value: unknown, args: ValidationArguments) => problem(value, args) === undefined,
        defaultMessage: (args: ValidationArguments) => problem(args.value, args) ?? 'is invalid',
      },
    });
}
