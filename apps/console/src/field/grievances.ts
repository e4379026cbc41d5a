// Grievances recorded during a visit, offline like the visit: in IndexedDB before "saved" shows,
// sent with their id as Idempotency-Key (a re-send after a lost answer returns the first result),
// and gone from the device, description and all, once the server holds them.
import { fieldDb, getMeta, setMeta, type GrievancePayload, type QueuedGrievance } from './db';
import { fieldCall } from './field-api';

export async function saveGrievance(
  payload: GrievancePayload,
  siteId: string,
  ownerSub: string,
): Promise<void> {
  const db = fieldDb();
  const now = new Date().toISOString();
  await db.transaction('rw', [db.grievances, db.meta], async () => {
    const existing = await db.grievances.get(payload.id);
    await db.grievances.put({
      id: payload.id,
      payload,
      siteId,
      state: 'queued',
      ownerSub,
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
    });
    // A change after the last export must be exported again before a sign-out.
    await setMeta(
      'exportedIds',
      ((await getMeta<string[]>('exportedIds')) ?? []).filter((id) => id !== payload.id),
    );
  });
}

export async function discardRejectedGrievance(id: string): Promise<void> {
  const db = fieldDb();
  await db.transaction('rw', db.grievances, async () => {
    if ((await db.grievances.get(id))?.state === 'rejected') await db.grievances.delete(id);
  });
}

export interface GrievanceSyncReport {
  outcome: 'done' | 'offline' | 'signed-out';
  sent: number;
  rejected: number;
}

/** Sends this user's queued grievances one by one, oldest first. */
export async function sendGrievances(ownerSub: string): Promise<GrievanceSyncReport> {
  const db = fieldDb();
  const report: GrievanceSyncReport = { outcome: 'done', sent: 0, rejected: 0 };
  const queued = await db.grievances
    .where('state')
    .equals('queued')
    .filter((g) => g.ownerSub === ownerSub)
    .sortBy('createdAt');
  for (const g of queued) {
    const res = await fieldCall<{ id: string }>(
      'POST',
      '/api/grievances',
      { json: g.payload },
      { 'idempotency-key': g.id },
    );
    if (res.kind === 'offline' || res.kind === 'signed-out')
      return { ...report, outcome: res.kind };
    const settled = await db.transaction('rw', [db.grievances, db.grievancesSent], async () => {
      // Only this version's answer counts: an edit made meanwhile is sent again next time.
      const current = await db.grievances.get(g.id);
      if (!current || current.updatedAt !== g.updatedAt) return false;
      if (res.kind === 'http') {
        const refused: QueuedGrievance = {
          ...current,
          state: 'rejected',
          updatedAt: new Date().toISOString(),
          answer: {
            status: res.status,
            ...(res.body.message ? { message: res.body.message } : {}),
            ...(res.body.details ? { details: res.body.details } : {}),
          },
        };
        await db.grievances.put(refused);
        return 'rejected';
      }
      await db.grievancesSent.put({
        id: g.id,
        category: g.payload.category,
        // A sensitive one leaves no trace of whom it concerns (admins only, CONTRACT.md).
        ...(g.payload.beneficiaryId && g.payload.category !== 'sensitive'
          ? { beneficiaryId: g.payload.beneficiaryId }
          : {}),
        sentAt: new Date().toISOString(),
      });
      await db.grievances.delete(g.id);
      return 'sent';
    });
    if (settled === 'sent') report.sent++;
    else if (settled === 'rejected') report.rejected++;
  }
  return report;
}
