import { AUDIT_MIGRATIONS } from '@aidflow/audit';
import { AUTH_MIGRATIONS } from '@aidflow/auth';
import { JobLeases1766000000000 } from '@aidflow/database';
import { CreateIdentity1764700000000 } from './1764700000000-create-identity';
import { RevokedGrants1764950000000 } from './1764950000000-revoked-grants';

/**
 * audit_log comes from the shared migrations (failed sign-ins are audited like any write);
 * job_leases before them, for the audit sealer's lease.
 */
export const MIGRATIONS = [
  ...AUTH_MIGRATIONS,
  JobLeases1766000000000,
  ...AUDIT_MIGRATIONS,
  CreateIdentity1764700000000,
  RevokedGrants1764950000000,
];
