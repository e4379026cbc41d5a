// Sends the queue: visits in batches of ≤ 500, then each receipt image, then asks the server which
// receipts it holds; then the grievances. A visit leaves the queue only when the server accepted it
// (or already had it) AND confirmed every receipt. Network trouble → retried with backoff; a
// refusal → shown, kept.
import { fieldDb, type QueuedVisit } from './db';
import { fieldCall } from './field-api';
import { sendGrievances } from './grievances';

export const BATCH_SIZE = 500;
const MAX_BACKOFF_MS = 5 * 60_000;
export const BACKGROUND_SYNC_TAG = 'aidflow-field-sync';

export type SyncOutcome = 'done' | 'offline' | 'signed-out' | 'nothing' | 'busy';

export interface SyncReport {
  outcome: SyncOutcome;
  sent: number;
  rejected: number;
  receiptsStored: number;
  confirmed: number;
  grievancesSent: number;
  grievancesRejected: number;
}

interface BatchAnswer {
  results: {
    id: string | null;
    status: 'accepted' | 'duplicate' | 'rejected';
    message?: string;
    details?: { field: string; problem: string }[];
  }[];
}

let running: Promise<SyncReport> | undefined;
let failures = 0;
let retryTimer: ReturnType<typeof setTimeout> | undefined;
const listeners = new Set<
  (state: { running: boolean; last?: SyncReport; nextRetryAt?: number }) => void
>();
let last: SyncReport | undefined;
let nextRetryAt: number | undefined;

export function onSyncState(
  listener: (state: { running: boolean; last?: SyncReport; nextRetryAt?: number }) => void,
): () => void {
  listeners.add(listener);
  listener({
    running: running !== undefined,
    ...(last ? { last } : {}),
    ...(nextRetryAt ? { nextRetryAt } : {}),
  });
  return () => listeners.delete(listener);
}

function publish(): void {
  for (const l of listeners)
    l({
      running: running !== undefined,
      ...(last ? { last } : {}),
      ...(nextRetryAt ? { nextRetryAt } : {}),
    });
}

/** One sync at a time per tab; across tabs a Web Lock keeps a second tab from sending the same queue. */
export function syncNow(ownerSub: string): Promise<SyncReport> {
  running ??= (async () => {
    publish();
    try {
      const report = navigator.locks
        ? await navigator.locks.request('aidflow-field-sync', { ifAvailable: true }, (lock) =>
            lock ? syncOnce(ownerSub) : Promise.resolve(empty('busy')),
          )
        : await syncOnce(ownerSub);
      afterRun(report, ownerSub);
      return report;
    } finally {
      running = undefined;
      publish();
    }
  })();
  return running;
}

function empty(outcome: SyncOutcome): SyncReport {
  return {
    outcome,
    sent: 0,
    rejected: 0,
    receiptsStored: 0,
    confirmed: 0,
    grievancesSent: 0,
    grievancesRejected: 0,
  };
}

function afterRun(report: SyncReport, ownerSub: string): void {
  last = report;
  clearTimeout(retryTimer);
  nextRetryAt = undefined;
  if (report.outcome === 'offline') {
    // Backoff doubling from 2 s to 5 min; Background Sync may wake us sooner where the browser has it.
    failures++;
    const wait = Math.min(MAX_BACKOFF_MS, 2000 * 2 ** Math.min(failures - 1, 8));
    nextRetryAt = Date.now() + wait;
    retryTimer = setTimeout(() => void syncNow(ownerSub), wait);
    void registerBackgroundSync();
  } else if (report.outcome !== 'busy') {
    failures = 0;
  }
}

async function registerBackgroundSync(): Promise<void> {
  try {
    const registration = await navigator.serviceWorker?.getRegistration();
    const sync = (registration as { sync?: { register(tag: string): Promise<void> } } | undefined)
      ?.sync;
    await sync?.register(BACKGROUND_SYNC_TAG);
  } catch {
    // No Background Sync here (or not permitted): the online event and the backoff timer remain.
  }
}

async function syncOnce(ownerSub: string): Promise<SyncReport> {
  const db = fieldDb();
  const report = empty('done');
  const mine = (state: QueuedVisit['state']) =>
    db.visits
      .where('state')
      .equals(state)
      .filter((v) => v.ownerSub === ownerSub)
      .sortBy('createdAt');

  // 1. Visits the server has not answered yet, oldest first, ≤ 500 per request.
  const queued = await mine('queued');
  const grievances = await db.grievances
    .where('state')
    .equals('queued')
    .filter((g) => g.ownerSub === ownerSub)
    .count();
  if (queued.length === 0 && (await mine('receipts')).length === 0 && grievances === 0)
    return empty('nothing');
  for (let i = 0; i < queued.length; i += BATCH_SIZE) {
    const chunk = queued.slice(i, i + BATCH_SIZE);
    const res = await fieldCall<BatchAnswer>('POST', '/api/visits/batch', {
      json: { visits: chunk.map((v) => v.payload) },
    });
    if (res.kind === 'offline' || res.kind === 'signed-out')
      return { ...report, outcome: res.kind };
    if (res.kind === 'http') {
      // The whole request was refused (should not happen for a well-formed batch): keep every visit.
      return { ...report, outcome: 'offline' };
    }
    const now = new Date().toISOString();
    await db.transaction('rw', db.visits, async () => {
      for (const [j, visit] of chunk.entries()) {
        const answer = res.body.results[j];
        if (!answer) continue;
        // Only this version's answer counts: an edit made meanwhile is sent again next time.
        const current = await db.visits.get(visit.id);
        if (!current || current.updatedAt !== visit.updatedAt) continue;
        const accepted = answer.status === 'accepted' || answer.status === 'duplicate';
        await db.visits.put({
          ...current,
          state: accepted ? 'receipts' : 'rejected',
          updatedAt: now,
          answer: {
            status: answer.status,
            ...(answer.message ? { message: answer.message } : {}),
            ...(answer.details ? { details: answer.details } : {}),
          },
        });
        if (accepted) report.sent++;
        else report.rejected++;
      }
    });
  }

  // 2. Receipt images of accepted visits, until the server has each; 3. confirm and dequeue.
  for (const visit of await mine('receipts')) {
    const receipts = await db.receipts.where('visitId').equals(visit.id).toArray();
    for (const receipt of receipts.filter((r) => !r.stored)) {
      const res = await fieldCall<{ stored: boolean }>(
        'PUT',
        `/api/visits/${visit.id}/receipts/${receipt.sha256}`,
        {
          blob: receipt.blob,
          contentType: receipt.contentType,
        },
      );
      if (res.kind === 'offline' || res.kind === 'signed-out')
        return { ...report, outcome: res.kind };
      if (res.kind === 'http') {
        await db.visits.update(visit.id, {
          receiptProblems: res.body.details ?? [
            { field: 'receipt', problem: res.body.message ?? String(res.status) },
          ],
        });
        continue;
      }
      await db.receipts.update([receipt.visitId, receipt.sha256], { stored: true });
      report.receiptsStored++;
    }
    const server = await fieldCall<{ receipts?: { sha256: string; stored: boolean }[] }>(
      'GET',
      `/api/visits/${visit.id}`,
    );
    if (server.kind === 'offline' || server.kind === 'signed-out')
      return { ...report, outcome: server.kind };
    if (server.kind === 'http') continue;
    const confirmed = new Set(
      (server.body.receipts ?? []).filter((r) => r.stored).map((r) => r.sha256),
    );
    const wanted = new Set(
      visit.payload.beneficiaries.flatMap((b) => (b.receiptSha256 ? [b.receiptSha256] : [])),
    );
    const missing = [...wanted].filter((sha) => !confirmed.has(sha));
    if (missing.length > 0) {
      // The server does not have them (yet): send them again next time.
      for (const sha of missing) await db.receipts.update([visit.id, sha], { stored: false });
      continue;
    }
    await db.transaction('rw', [db.visits, db.receipts, db.sent], async () => {
      await db.sent.put({
        id: visit.id,
        status: visit.answer?.status === 'duplicate' ? 'duplicate' : 'accepted',
        sentAt: new Date().toISOString(),
        receipts: wanted.size,
      });
      await db.receipts.where('visitId').equals(visit.id).delete();
      await db.visits.delete(visit.id);
    });
    report.confirmed++;
  }

  // 4. Grievances recorded during visits (their own requests: one refused never holds up the rest).
  const g = await sendGrievances(ownerSub);
  report.grievancesSent = g.sent;
  report.grievancesRejected = g.rejected;
  return g.outcome === 'done' ? report : { ...report, outcome: g.outcome };
}
