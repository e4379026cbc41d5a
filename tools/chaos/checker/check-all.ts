// Runs every invariant check against one system: its database (schemas by name), and through its
// gateway the ops summary and the consumer lag.
import { checkAuditChains } from './audit';
import { judgeAdvances, loadAdvances } from './advances';
import { judgeBooks, loadBooks } from './books';
import { judgeDeliveries, loadDisbursementTrails } from './deliveries';
import { InjectedPoison, judgeDlq, loadDeadLetters } from './dlq';
import { judgeOpsBooks, loadOpsFigures, SummaryReader } from './ops-summary';
import { judgeLag, judgeOutbox, LagReader, loadLag, loadOutbox } from './spine';
import { Queryable, SystemSchemas, Verdict } from './verdict';
import { judgeVisits, loadVisitTrails } from './visits-once';

export interface CheckTarget {
  db: Queryable;
  /** The same database as a URL (the audit verifier opens its own connection per schema). */
  databaseUrl: string;
  schemas: SystemSchemas;
  /** The ops summary through the gateway; without it ops' fund projection is compared. */
  readSummary?: SummaryReader;
  /** Consumer lag through the gateway; without it lag is not checked. */
  readLag?: LagReader;
  /** Poison messages the run injected: the DLQ must hold exactly these. */
  poison?: readonly InjectedPoison[];
  /** Visits the workload saw accepted: each must be there exactly once. */
  acceptedVisits?: readonly string[];
}

export async function checkAll(target: CheckTarget): Promise<Verdict[]> {
  const { db, schemas } = target;
  const books = await loadBooks(db, schemas.funds);
  const serviceSchemas = [
    schemas.intake,
    schemas.funds,
    schemas.visits,
    schemas.ops,
    schemas.identity,
  ];
  return [
    ...judgeBooks(books),
    ...judgeOpsBooks(books, await loadOpsFigures(db, schemas.ops, target.readSummary)),
    ...judgeVisits(await loadVisitTrails(db, schemas, target.acceptedVisits)),
    ...judgeDeliveries(await loadDisbursementTrails(db, schemas.funds)),
    ...judgeAdvances(await loadAdvances(db, schemas.funds)),
    ...judgeOutbox(await loadOutbox(db, serviceSchemas)),
    ...(target.readLag ? judgeLag(await loadLag(target.readLag), new Date()) : []),
    ...judgeDlq(target.poison ?? [], await loadDeadLetters(db, schemas.ops)),
    ...(await checkAuditChains(target.databaseUrl, serviceSchemas)),
  ];
}
