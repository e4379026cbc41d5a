// The queue and each visit's result in plain words: waiting, received (photos still going),
// refused with the reasons (edit and resend, or drop); the grievances likewise. Sync now, export,
// and the sent count.
import type { JSX } from 'preact';
import { useState, useEffect } from 'preact/hooks';
import { useT } from '../i18n/i18n';
import { fieldDb, type QueuedReceipt, type QueuedVisit } from './db';
import { GrievanceQueue } from './GrievanceQueue';
import { discardRejected, exportQueue } from './queue';
import { explain } from './reasons';
import { onSyncState, syncNow, type SyncReport } from './sync';
import { useLive } from './use-live';

export function QueueView({
  ownerSub,
  signedIn,
  onEdit,
  onSignIn,
}: {
  ownerSub: string;
  signedIn: boolean;
  onEdit: (id: string) => void;
  onSignIn: () => void;
}): JSX.Element {
  const { t, lang } = useT();
  const visits = useLive(
    () => fieldDb().visits.orderBy('createdAt').toArray(),
    [],
    [] as QueuedVisit[],
  );
  const receipts = useLive(() => fieldDb().receipts.toArray(), [], [] as QueuedReceipt[]);
  const sent = useLive(() => fieldDb().sent.count(), [], 0);
  const grievances = useLive(() => fieldDb().grievances.count(), [], 0);
  const names = useLive(
    async () => new Map((await fieldDb().beneficiaries.toArray()).map((b) => [b.id, b.fullName])),
    [],
    new Map<string, string>(),
  );
  const [sync, setSync] = useState<{ running: boolean; last?: SyncReport; nextRetryAt?: number }>({
    running: false,
  });
  const [exported, setExported] = useState<string | undefined>();
  useEffect(() => onSyncState(setSync), []);

  const receiptsOf = (id: string) => receipts.filter((r) => r.visitId === id);
  const stateText = (v: QueuedVisit): string => {
    if (v.state === 'queued') return t('field.queue.waiting');
    if (v.state === 'receipts') {
      const own = receiptsOf(v.id);
      return t(
        v.answer?.status === 'duplicate' ? 'field.queue.alreadyReceived' : 'field.queue.accepted',
        {
          stored: own.filter((r) => r.stored).length,
          total: own.length,
        },
      );
    }
    return t('field.queue.rejected');
  };
  const others = visits.filter((v) => v.ownerSub !== ownerSub).length;
  const mine = visits.filter((v) => v.ownerSub === ownerSub);

  return (
    <section aria-labelledby="queue-title">
      <h2 id="queue-title">{t('field.queue.title')}</h2>
      <p id="queue-summary" data-unsynced={mine.length} data-sent={sent}>
        {t('field.queue.summary', { count: mine.length, sent })}
      </p>
      {!signedIn && mine.length > 0 && (
        <p class="notice" id="sign-in-to-sync">
          {t('field.queue.signInToSync')}{' '}
          <button type="button" onClick={onSignIn}>
            {t('auth.signInAgain')}
          </button>
        </p>
      )}
      {others > 0 && <p class="notice">{t('field.queue.otherUser', { count: others })}</p>}
      <p>
        <button
          type="button"
          id="sync-now"
          disabled={sync.running || !signedIn}
          onClick={() => void syncNow(ownerSub)}
        >
          {sync.running ? t('field.queue.syncing') : t('field.queue.syncNow')}
        </button>{' '}
        <button
          type="button"
          class="secondary"
          id="export"
          disabled={visits.length === 0 && grievances === 0}
          onClick={() => void exportQueue().then((r) => setExported(r.fileName))}
        >
          {t('field.queue.export')}
        </button>
      </p>
      <p id="sync-status" role="status" data-outcome={sync.last?.outcome ?? ''}>
        {sync.last ? t(`field.sync.${sync.last.outcome}`, { ...sync.last }) : ''}
        {sync.nextRetryAt
          ? ` ${t('field.sync.retryAt', { time: new Date(sync.nextRetryAt).toLocaleTimeString(lang) })}`
          : ''}
      </p>
      {exported && <p role="status">{t('field.queue.exported', { file: exported })}</p>}
      <ol class="queue" id="queue">
        {mine.map((v) => (
          <li key={v.id} data-visit={v.id} data-state={v.state}>
            <span class="when">{new Date(v.payload.visitedAt).toLocaleString(lang)}</span>{' '}
            <span class="who">
              {v.payload.beneficiaries.map((b) => names.get(b.beneficiaryId) ?? '?').join('、')}
            </span>{' '}
            <strong class="state">{stateText(v)}</strong>
            {v.state === 'rejected' && (
              <div class="reasons">
                <ul>
                  {(v.answer?.details ?? [{ field: '', problem: v.answer?.message ?? '' }]).map(
                    (d, i) => (
                      <li key={i} class="reason">
                        {explain(t, d, v.payload, names)}
                      </li>
                    ),
                  )}
                </ul>
                <button type="button" class="edit" onClick={() => onEdit(v.id)}>
                  {t('field.queue.edit')}
                </button>{' '}
                <button
                  type="button"
                  class="secondary discard"
                  onClick={() => {
                    if (confirm(t('field.queue.discardConfirm'))) void discardRejected(v.id);
                  }}
                >
                  {t('field.queue.discard')}
                </button>
              </div>
            )}
            {v.receiptProblems && v.receiptProblems.length > 0 && (
              <ul class="receipt-problems">
                {v.receiptProblems.map((d, i) => (
                  <li key={i}>{explain(t, d, v.payload, names)}</li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ol>
      <GrievanceQueue ownerSub={ownerSub} />
    </section>
  );
}
