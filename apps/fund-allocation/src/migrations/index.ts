import { ServiceMigrations } from '@aidflow/service-kit';
import { CreateFundsLedgerDisbursementsStock1764200000300 } from './1764200000300-create-funds-ledger-disbursements-stock';
import { AdvancesVerificationLeases1764200000500 } from './1764200000500-advances-verification-leases';
import { IncidentReplica1764611000100 } from './1764611000100-incident-replica';

/** fund-allocation's migrations, oldest first (the messaging spine's run before these). */
export const MIGRATIONS: ServiceMigrations = [
  CreateFundsLedgerDisbursementsStock1764200000300,
  AdvancesVerificationLeases1764200000500,
  IncidentReplica1764611000100,
];
