import { loadSealKey, SealKey } from './seal/seal-key';

export interface AuditSettings {
  /** Producer name on published heads. */
  serviceName: string;
  nodeEnv: 'development' | 'test' | 'production';
  /** AUDIT_SIGNING_KEY: 64 hex (Ed25519 seed) or PEM; empty = the development key. */
  signingKey: string;
  /** Run a sealer in this replica (one of the replicas leads, the others stand by). */
  sealerEnabled: boolean;
  /** How often the sealer looks for committed rows (and a standby for an expired lease). */
  sealIntervalMs: number;
  /** Most rows per sealed batch. */
  sealBatchSize: number;
  /** A leader that has not renewed for this long is replaced by a standby. */
  leaseMs: number;
}

export const AUDIT_SETTINGS = Symbol('aidflow:audit-settings');

export interface AuditSettingsSource {
  NODE_ENV: 'development' | 'test' | 'production';
  AUDIT_SIGNING_KEY: string;
  AUDIT_SEALER_ENABLED: string;
  AUDIT_SEAL_INTERVAL_MS: number;
  AUDIT_SEAL_BATCH_SIZE: number;
  AUDIT_SEALER_LEASE_MS: number;
}

export function auditSettingsFromConfig(
  serviceName: string,
  config: AuditSettingsSource,
): AuditSettings {
  return {
    serviceName,
    nodeEnv: config.NODE_ENV,
    signingKey: config.AUDIT_SIGNING_KEY,
    sealerEnabled: config.AUDIT_SEALER_ENABLED === 'true',
    sealIntervalMs: config.AUDIT_SEAL_INTERVAL_MS,
    sealBatchSize: config.AUDIT_SEAL_BATCH_SIZE,
    leaseMs: config.AUDIT_SEALER_LEASE_MS,
  };
}

/** Loads the key once at boot; throws (refusing start-up) on the dev key in production. */
export function sealKeyOf(settings: AuditSettings): SealKey {
  return loadSealKey(settings.signingKey, settings.nodeEnv);
}
