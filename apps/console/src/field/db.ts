// The field app's offline store (IndexedDB through Dexie): what "prepare for the field" downloads,
// and the queue of visits logged offline with their receipt images. One database per browser
// profile; sign-out deletes it (personal data never stays on a shared device).
import Dexie, { type Table } from 'dexie';

export interface FieldTeam {
  id: string;
  name: string;
  orgCode: string;
  siteIds: string[];
}

export interface FieldSite {
  id: string;
  incidentId: string;
  name: string;
  teamId: string;
}

export interface FieldBeneficiary {
  id: string;
  siteId: string;
  fullName: string;
  idNumberMasked: string;
  householdSize: number;
  tier: string;
}

/** An approved, undelivered disbursement: the exact cash a visit may hand over. */
export interface FieldDisbursement {
  id: string;
  beneficiaryId: string;
  amountFen: number;
}

/** An open relapse_risk follow-up (household.at_risk) of a household at one of the team's sites. */
export interface FieldRisk {
  id: string;
  beneficiaryId: string;
  siteId: string;
  ruleCode: RelapseRuleCode;
  openedAt: string;
}

export type RelapseRuleCode =
  | 'low_income_per_person'
  | 'spending_above_income'
  | 'new_shock'
  | 'deep_not_visited'
  | 'left_support_watch';

export interface FieldStockItem {
  itemCode: string;
  name: string;
  onHand: number;
}

export type NeedKind = 'psychological' | 'medical' | 'housing' | 'livelihood' | 'other';

/** One visit as POST /api/visits takes it (CONTRACT.md, welfare-visit). */
export interface VisitPayload {
  id: string;
  teamId: string;
  siteId: string;
  visitedAt: string;
  location?: { lat: number; lon: number };
  notes?: string;
  beneficiaries: {
    beneficiaryId: string;
    cash?: { disbursementId: string; amountFen: number };
    goods?: { itemCode: string; quantity: number }[];
    needs?: NeedKind[];
    receiptSha256?: string;
  }[];
}

export interface ResultDetail {
  field: string;
  problem: string;
}

/**
 * `queued`: not yet answered by the server. `receipts`: accepted or duplicate, images still to
 * confirm. `rejected`: the server refused it (editable, re-sendable). A visit leaves the queue only
 * from `receipts`, once every image is confirmed by GET /api/visits/:id.
 */
export type QueueState = 'queued' | 'receipts' | 'rejected';

export interface QueuedVisit {
  id: string;
  payload: VisitPayload;
  state: QueueState;
  /** Who logged it: the queue is per user; another user on the device cannot send it. */
  ownerSub: string;
  createdAt: string;
  updatedAt: string;
  answer?: {
    status: 'accepted' | 'duplicate' | 'rejected';
    message?: string;
    details?: ResultDetail[];
  };
  /** Problems with a receipt image the server refused (not retried until the visit is edited). */
  receiptProblems?: ResultDetail[];
}

export interface QueuedReceipt {
  visitId: string;
  sha256: string;
  contentType: string;
  blob: Blob;
  stored: boolean;
}

/** A visit that left the queue: the server holds it and every receipt. No personal data kept. */
export interface SentVisit {
  id: string;
  status: 'accepted' | 'duplicate';
  sentAt: string;
  receipts: number;
}

export type GrievanceCategory =
  'payment_verification' | 'complaint' | 'data_change' | 'sensitive' | 'other';

/** One grievance as POST /api/grievances takes it; `id` is also its Idempotency-Key. */
export interface GrievancePayload {
  id: string;
  incidentId: string;
  beneficiaryId?: string;
  category: GrievanceCategory;
  description: string;
}

/** A grievance recorded on the device: `queued` until the server has it, `rejected` if refused. */
export interface QueuedGrievance {
  id: string;
  payload: GrievancePayload;
  siteId: string;
  state: 'queued' | 'rejected';
  ownerSub: string;
  createdAt: string;
  updatedAt: string;
  answer?: { status: number; message?: string; details?: ResultDetail[] };
}

/** A grievance the server holds: its description leaves the device with the queue entry. */
export interface SentGrievance {
  id: string;
  category: GrievanceCategory;
  beneficiaryId?: string;
  sentAt: string;
}

export interface MetaEntry {
  key: string;
  value: unknown;
}

export class FieldDb extends Dexie {
  meta!: Table<MetaEntry, string>;
  teams!: Table<FieldTeam, string>;
  sites!: Table<FieldSite, string>;
  beneficiaries!: Table<FieldBeneficiary, string>;
  disbursements!: Table<FieldDisbursement, string>;
  stock!: Table<FieldStockItem, string>;
  risks!: Table<FieldRisk, string>;
  grievances!: Table<QueuedGrievance, string>;
  grievancesSent!: Table<SentGrievance, string>;
  visits!: Table<QueuedVisit, string>;
  receipts!: Table<QueuedReceipt, [string, string]>;
  sent!: Table<SentVisit, string>;

  constructor() {
    super(FIELD_DB_NAME);
    this.version(1).stores({
      meta: 'key',
      teams: 'id',
      sites: 'id, teamId',
      beneficiaries: 'id, siteId',
      disbursements: 'id, beneficiaryId',
      stock: 'itemCode',
      visits: 'id, state, createdAt, ownerSub',
      receipts: '[visitId+sha256], visitId',
      sent: 'id, sentAt',
    });
    // At-risk households come with the site; grievances are queued like visits.
    this.version(2).stores({
      risks: 'id, siteId, beneficiaryId',
      grievances: 'id, state, createdAt, ownerSub',
      grievancesSent: 'id, sentAt',
    });
  }
}

export const FIELD_DB_NAME = 'aidflow-field';

let instance: FieldDb | undefined;

export function fieldDb(): FieldDb {
  instance ??= new FieldDb();
  return instance;
}

/** Visits and grievances not yet fully on the server (queued, awaiting receipts, or rejected). */
export async function unsyncedCount(): Promise<number> {
  return (await fieldDb().visits.count()) + (await fieldDb().grievances.count());
}

/** Deletes the whole offline store (sign-out on a shared device). */
export async function deleteFieldData(): Promise<void> {
  instance?.close();
  instance = undefined;
  await Dexie.delete(FIELD_DB_NAME);
}

export async function getMeta<T>(key: string): Promise<T | undefined> {
  return (await fieldDb().meta.get(key))?.value as T | undefined;
}

export async function setMeta(key: string, value: unknown): Promise<void> {
  await fieldDb().meta.put({ key, value });
}
