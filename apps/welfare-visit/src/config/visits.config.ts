import { BaseServiceConfig, BODY_LIMIT_BYTES } from '@aidflow/platform';
import { IsInt, Matches, Max, Min } from 'class-validator';

export const SERVICE_NAME = 'welfare-visit';

/** welfare-visit settings: the shared ones plus its port and schema defaults. */
export class VisitsConfig extends BaseServiceConfig {
  override PORT = 3103;

  /** The PostgreSQL schema holding every table this service owns. */
  @Matches(/^[a-z_][a-z0-9_]*$/, { message: 'must be a lower-case SQL identifier' })
  DB_SCHEMA = 'visits';

  /** Largest receipt image accepted (CONTRACT.md, Receipts); a phone photo compressed on the device. */
  @IsInt()
  @Min(1024)
  @Max(BODY_LIMIT_BYTES)
  RECEIPT_MAX_BYTES = 2 * 1024 * 1024;
}
