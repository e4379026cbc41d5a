import { LockOrder } from '@aidflow/service-kit';
import { ADVANCE_COLUMNS } from './advances/dto/advance.view';
import { DISBURSEMENT_COLUMNS } from './disbursements/dto/disbursement.view';
import { FUND_COLUMNS } from './ledger/ledger.service';

/** Lock kinds of funds' writes (tx.lock), in the one order every write takes them. */
export const FUNDS_LOCK_ORDER = new LockOrder([
  // Funds first: every movement of money changes a fund's balances under its row lock.
  { name: 'fund', table: 'funds', columns: FUND_COLUMNS },
  // A person's row makes concurrent requests for them take turns at the repeat check.
  { name: 'beneficiary', table: 'beneficiary_replica', columns: 'id, incident_id' },
  { name: 'disbursement', table: 'disbursements', columns: DISBURSEMENT_COLUMNS },
  { name: 'advance', table: 'advances', columns: ADVANCE_COLUMNS },
]);
