import { ServiceEntities } from '@aidflow/service-kit';
import { Allocation } from './allocations/allocation.entity';
import { BeneficiaryReplica } from './beneficiaries/beneficiary-replica.entity';
import { Disbursement, DisbursementEvent } from './disbursements/disbursement.entity';
import { Fund } from './funds/fund.entity';
import { LedgerEntry } from './ledger/ledger-entry.entity';
import { StockItem } from './stock/stock-item.entity';

/** Every TypeORM entity of fund-allocation (the app module and the migration CLI share this list). */
export const ENTITIES: ServiceEntities = [
  Fund,
  LedgerEntry,
  Allocation,
  BeneficiaryReplica,
  Disbursement,
  DisbursementEvent,
  StockItem,
];
