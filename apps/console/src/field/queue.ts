// Writing to the queue: a visit is in IndexedDB (with its receipt images) before the app says
// "saved"; an edit of a refused visit keeps its id and goes back to the queue; export writes the
// unsynced visits and grievances to a file the user keeps, which is what allows signing out with a
// queue.
import { fieldDb, getMeta, setMeta, type QueuedVisit, type VisitPayload } from './db';

export interface ReceiptPhoto {
  sha256: string;
  blob: Blob;
}

/** Stores the visit and its receipt photos in one transaction; resolves once they are durable. */
export async function saveVisit(
  payload: VisitPayload,
  photos: ReceiptPhoto[],
  ownerSub: string,
): Promise<void> {
  const db = fieldDb();
  const now = new Date().toISOString();
  await db.transaction('rw', [db.visits, db.receipts, db.meta], async () => {
    const existing = await db.visits.get(payload.id);
    if (existing && existing.state === 'receipts')
      throw new Error('this visit is already on the server');
    const visit: QueuedVisit = {
      id: payload.id,
      payload,
      state: 'queued',
      ownerSub,
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
    };
    await db.visits.put(visit);
    const keep = new Set(
      payload.beneficiaries.flatMap((b) => (b.receiptSha256 ? [b.receiptSha256] : [])),
    );
    for (const old of await db.receipts.where('visitId').equals(payload.id).toArray()) {
      if (!keep.has(old.sha256)) await db.receipts.delete([old.visitId, old.sha256]);
    }
    for (const photo of photos) {
      if (!keep.has(photo.sha256)) continue;
      await db.receipts.put({
        visitId: payload.id,
        sha256: photo.sha256,
        contentType: 'image/jpeg',
        blob: photo.blob,
        stored: false,
      });
    }
    // A change after the last export must be exported again before a sign-out.
    await setMeta(
      'exportedIds',
      ((await getMeta<string[]>('exportedIds')) ?? []).filter((id) => id !== payload.id),
    );
  });
}

/** Drops a refused visit the user decided not to resend (the server keeps conflicts for review). */
export async function discardRejected(id: string): Promise<void> {
  const db = fieldDb();
  await db.transaction('rw', [db.visits, db.receipts], async () => {
    const visit = await db.visits.get(id);
    if (visit?.state !== 'rejected') return;
    await db.receipts.where('visitId').equals(id).delete();
    await db.visits.delete(id);
  });
}

/** Disbursements already handed over by a visit still on this device (cannot be picked twice). */
export async function cashInQueue(exceptVisitId?: string): Promise<Set<string>> {
  const ids = new Set<string>();
  for (const v of await fieldDb().visits.toArray()) {
    if (v.id === exceptVisitId) continue;
    for (const b of v.payload.beneficiaries) if (b.cash) ids.add(b.cash.disbursementId);
  }
  return ids;
}

async function base64(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Every unsynced visit with its receipt images, and every unsent grievance, as one JSON file. */
export async function exportQueue(): Promise<{ count: number; fileName: string }> {
  const db = fieldDb();
  const visits = await db.visits.toArray();
  const receipts = await db.receipts.toArray();
  const grievances = await db.grievances.toArray();
  const file = {
    format: 'aidflow-field-export/1',
    exportedAt: new Date().toISOString(),
    visits: visits.map((v) => ({ state: v.state, answer: v.answer, visit: v.payload })),
    receipts: await Promise.all(
      receipts.map(async (r) => ({
        visitId: r.visitId,
        sha256: r.sha256,
        contentType: r.contentType,
        base64: await base64(r.blob),
      })),
    ),
    grievances: grievances.map((g) => ({ state: g.state, answer: g.answer, grievance: g.payload })),
  };
  const fileName = `aidflow-field-${file.exportedAt.replace(/[:.]/g, '-')}.json`;
  const url = URL.createObjectURL(new Blob([JSON.stringify(file)], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  await setMeta('exportedIds', [...visits.map((v) => v.id), ...grievances.map((g) => g.id)]);
  return { count: visits.length + grievances.length, fileName };
}

/**
 * Sign-out on a shared device is refused while a visit or grievance is unsynced and not exported
 * since it last changed.
 */
export async function unexportedCount(): Promise<number> {
  const exported = new Set((await getMeta<string[]>('exportedIds')) ?? []);
  const ids = [
    ...(await fieldDb().visits.toCollection().primaryKeys()),
    ...(await fieldDb().grievances.toCollection().primaryKeys()),
  ];
  return ids.filter((id) => !exported.has(id)).length;
}
