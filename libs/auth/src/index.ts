// Public surface of @aidflow/auth: authentication, roles, org scope and the audit trail.
import { CreateOrgReplicaAndAuditLog1764100000000 } from './migrations/1764100000000-create-org-replica-and-audit-log';
import { AuditTargetOrg1764611000000 } from './migrations/1764611000000-audit-target-org';

export * from './roles';
export * from './auth.settings';
export * from './auth.module';
export * from './auth.guard';
export * from './decorators';
export * from './jwt/token-verifier';
export * from './jwt/revocation-list';
export * from './jwt/dev-token';
export * from './scope/org-directory';
export * from './scope/scope.service';
export * from './scope/org-replica.consumer';
export { CreateOrgReplicaAndAuditLog1764100000000, AuditTargetOrg1764611000000 };

/** Add to every service's migration list (after MESSAGING_MIGRATIONS). */
export const AUTH_MIGRATIONS = [
  CreateOrgReplicaAndAuditLog1764100000000,
  AuditTargetOrg1764611000000,
];
export * from './jwt/token-caller-identity';
