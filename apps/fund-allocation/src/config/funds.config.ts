import { BaseServiceConfig } from '@aidflow/platform';
import { IsInt, Matches, Max, Min } from 'class-validator';

export const SERVICE_NAME = 'fund-allocation';

/** fund-allocation settings: the shared ones plus its port, schema and approval rule. */
export class FundsConfig extends BaseServiceConfig {
  override PORT = 3102;

  /** The PostgreSQL schema holding every table this service owns. */
  @Matches(/^[a-z_][a-z0-9_]*$/, { message: 'must be a lower-case SQL identifier' })
  DB_SCHEMA = 'funds';

  /** Disbursements strictly above this many fen need two different approvers (5,000 yuan). */
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  APPROVAL_DUAL_THRESHOLD_FEN = 500_000;

  /** Approved disbursements not delivered after this many days are released; 0 = never (default). */
  @IsInt()
  @Min(0)
  @Max(3650)
  DISBURSEMENT_EXPIRY_D = 0;

  /** How often the expiry job looks (when DISBURSEMENT_EXPIRY_D > 0); one replica at a time holds its lease. */
  @IsInt()
  @Min(1000)
  @Max(86_400_000)
  DISBURSEMENT_EXPIRY_INTERVAL_MS = 3_600_000;
}
