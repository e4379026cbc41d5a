import { BaseServiceConfig } from '@aidflow/platform';
import { Matches } from 'class-validator';

export const SERVICE_NAME = 'welfare-visit';

/** welfare-visit settings: the shared ones plus its port and schema defaults. */
export class VisitsConfig extends BaseServiceConfig {
  override PORT = 3103;

  /** The PostgreSQL schema holding every table this service owns. */
  @Matches(/^[a-z_][a-z0-9_]*$/, { message: 'must be a lower-case SQL identifier' })
  DB_SCHEMA = 'visits';
}
