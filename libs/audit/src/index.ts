// Public surface of @aidflow/audit: the tamper-evident audit log of every service.
import { AuditSealing1764160000000 } from './migrations/1764160000000-audit-sealing';
import { SealerLeaseInJobLeases1766000000200 } from './migrations/1766000000200-sealer-lease-in-job-leases';

export * from './record/redact';
export * from './record/audit-row';
export * from './record/audit.service';
export * from './record/audit.controller';
export * from './seal/merkle';
export * from './seal/head';
export * from './seal/seal-key';
export * from './seal/seal-store';
export * from './seal/audit-sealer';
export * from './verify/verify-audit';
export * from './verify/published-heads';
export * from './audit.settings';
export * from './audit.module';
export { AuditSealing1764160000000, SealerLeaseInJobLeases1766000000200 };

/**
 * Add to every service's migration list (after AUTH_MIGRATIONS, which create audit_log, and the
 * messaging spine's, which create job_leases).
 */
export const AUDIT_MIGRATIONS = [AuditSealing1764160000000, SealerLeaseInJobLeases1766000000200];
