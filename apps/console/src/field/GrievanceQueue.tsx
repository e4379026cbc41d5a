// The grievances on this device and each one's result in plain words: waiting, refused with the
// reasons (drop it), or received. A sensitive one never shows its content or whom it concerns.
import type { JSX } from 'preact';
import { useT } from '../i18n/i18n';
import { fieldDb, type QueuedGrievance, type ResultDetail, type SentGrievance } from './db';
import { discardRejectedGrievance } from './grievances';
import { useLive } from './use-live';

const SENT_SHOWN = 20;

const KNOWN: [RegExp, string][] = [
  [/no incident with this id exists/, 'field.grievance.reason.incident'],
  [/is not a beneficiary of this incident/, 'field.reason.unknownPerson'],
  [/already used for another grievance/, 'field.grievance.reason.idTaken'],
];

export function GrievanceQueue({ ownerSub }: { ownerSub: string }): JSX.Element {
  const { t, lang } = useT();
  const queued = useLive(
    async () =>
      (await fieldDb().grievances.orderBy('createdAt').toArray()).filter(
        (g) => g.ownerSub === ownerSub,
      ),
    [ownerSub],
    [] as QueuedGrievance[],
  );
  const sent = useLive(
    () => fieldDb().grievancesSent.orderBy('sentAt').reverse().toArray(),
    [],
    [] as SentGrievance[],
  );
  const names = useLive(
    async () => new Map((await fieldDb().beneficiaries.toArray()).map((b) => [b.id, b.fullName])),
    [],
    new Map<string, string>(),
  );
  const about = (category: string, beneficiaryId: string | undefined): string =>
    category === 'sensitive'
      ? t('field.grievance.hidden')
      : beneficiaryId
        ? (names.get(beneficiaryId) ?? '?')
        : t('field.grievance.noPerson');
  const reason = (d: ResultDetail): string => {
    for (const [pattern, key] of KNOWN)
      if (pattern.test(d.problem)) return t(key as 'field.reason.unknownPerson');
    return `${d.field}: ${d.problem}`;
  };

  if (queued.length === 0 && sent.length === 0) return <></>;
  return (
    <section aria-labelledby="grievances-title">
      <h3 id="grievances-title">{t('field.grievance.queueTitle')}</h3>
      <p id="grievance-summary" data-unsynced={queued.length} data-sent={sent.length}>
        {t('field.grievance.summary', { count: queued.length, sent: sent.length })}
      </p>
      <ol class="queue" id="grievances">
        {queued.map((g) => (
          <li key={g.id} data-grievance={g.id} data-state={g.state}>
            <span class="when">{new Date(g.createdAt).toLocaleString(lang)}</span>{' '}
            <span class="category">{t(`field.grievance.categories.${g.payload.category}`)}</span>{' '}
            <span class="who">{about(g.payload.category, g.payload.beneficiaryId)}</span>{' '}
            <strong class="state">
              {g.state === 'queued' ? t('field.grievance.waiting') : t('field.queue.rejected')}
            </strong>
            {g.payload.category !== 'sensitive' && (
              <p class="description">{g.payload.description}</p>
            )}
            {g.state === 'rejected' && (
              <div class="reasons">
                <ul>
                  {(g.answer?.details ?? [{ field: '', problem: g.answer?.message ?? '' }]).map(
                    (d, i) => (
                      <li key={i} class="reason">
                        {reason(d)}
                      </li>
                    ),
                  )}
                </ul>
                <button
                  type="button"
                  class="secondary discard"
                  onClick={() => {
                    if (confirm(t('field.grievance.discardConfirm')))
                      void discardRejectedGrievance(g.id);
                  }}
                >
                  {t('field.queue.discard')}
                </button>
              </div>
            )}
          </li>
        ))}
      </ol>
      {sent.length > 0 && (
        <ol class="queue" id="grievances-sent">
          {sent.slice(0, SENT_SHOWN).map((g) => (
            <li key={g.id} data-grievance={g.id} data-state="sent">
              <span class="when">{new Date(g.sentAt).toLocaleString(lang)}</span>{' '}
              <span class="category">{t(`field.grievance.categories.${g.category}`)}</span>{' '}
              <span class="who">{about(g.category, g.beneficiaryId)}</span>{' '}
              <strong class="state">{t('field.grievance.received')}</strong>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
