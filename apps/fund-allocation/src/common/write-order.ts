import { lockAuditTrail } from '@aidflow/auth';
import { EntityManager } from 'typeorm';

/**
 * Takes the audit trail's per-schema lock as the first lock of every write transaction. Every
 * audited write serialises on it anyway; taking it first, before idempotency keys, fund and stock
 * rows, gives all writers one lock order, so a consumer batch and an HTTP write can never wait on
 * each other in a cycle.
 */
export async function lockWriteOrder(manager: EntityManager): Promise<void> {
  await lockAuditTrail(manager);
}
