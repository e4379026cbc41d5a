import { LockOrder } from '@aidflow/service-kit';

/** Lock kinds of visits' writes (tx.lock), in the one order every write takes them. */
export const VISITS_LOCK_ORDER = new LockOrder([
  // Per disbursement: orders a visit's cash check against the arrival of the disbursement's events.
  { name: 'disbursement', advisory: true },
]);
