import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { ok, typed } from '../api/client';
import type { Page, VisitConflict } from '../api/types';
import { dateTime } from '../i18n/format';
import { useT } from '../i18n/i18n';
import { ErrorNotice } from '../ui/ErrorNotice';
import { useAsync } from '../ui/use-async';

type Resolution = 'keep_existing' | 'accept_incoming';

/** Visit conflicts (contract "Visit conflicts"): ops choose which version stands, with a note. */
export function Conflicts(): JSX.Element {
  const { t, lang } = useT();
  const conflicts = useAsync(
    (signal): Promise<Page<VisitConflict>> =>
      ok(typed.GET('/api/visits/conflicts', { params: { query: { limit: 100 } }, signal })),
    [],
  );
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>();
  const [done, setDone] = useState<string | undefined>();
  const resolve = async (conflict: VisitConflict, resolution: Resolution): Promise<void> => {
    setFailure(undefined);
    try {
      const note = notes[conflict.id] ?? '';
      await ok(
        typed.POST('/api/visits/conflicts/{id}/resolve', {
          params: { path: { id: conflict.id } },
          body: { resolution, note },
          headers: { 'Idempotency-Key': `resolve-${conflict.id}-${resolution}` },
        }),
      );
      setDone(t('conflicts.resolved'));
      conflicts.reload();
    } catch (error) {
      setFailure(error);
      conflicts.reload();
    }
  };
  const items = conflicts.data?.items ?? [];
  return (
    <div class="page">
      <div class="page-head">
        <h1>{t('conflicts.title')}</h1>
      </div>
      <p class="muted">{t('conflicts.explain')}</p>
      <ErrorNotice error={conflicts.error ?? failure} />
      {done && (
        <p class="notice ok" role="status">
          {done}
        </p>
      )}
      {items.length === 0 && !conflicts.loading && <p class="muted">{t('conflicts.none')}</p>}
      {items.map((c) => (
        <section
          class="panel conflict"
          key={c.id}
          data-conflict={c.id}
          data-status={c.status ?? 'open'}
          aria-label={t('conflicts.visit', { id: c.visitId })}
        >
          <h2 class="mono small">{t('conflicts.visit', { id: c.visitId })}</h2>
          <p class="muted small">
            {t('conflicts.received', { who: c.receivedBy, time: dateTime(lang, c.receivedAt) })} ·{' '}
            {c.orgCode}
          </p>
          <div class="grid two">
            <div>
              <h3>{t('conflicts.existing')}</h3>
              <pre class="json">
                {c.existing === undefined
                  ? t('conflicts.seeVisit')
                  : JSON.stringify(c.existing, null, 2)}
              </pre>
            </div>
            <div>
              <h3>{t('conflicts.incoming')}</h3>
              <pre class="json">{JSON.stringify(c.incoming, null, 2)}</pre>
            </div>
          </div>
          {c.status === 'resolved' ? (
            // Decided already: a second decision would only be refused (409).
            <p class="notice ok outcome">
              {c.resolution === 'accept_incoming'
                ? t('conflicts.outcome.accept_incoming')
                : t('conflicts.outcome.keep_existing')}
            </p>
          ) : (
            <>
              <label>
                {t('conflicts.note')}
                <input
                  type="text"
                  value={notes[c.id] ?? ''}
                  required
                  onInput={(e) => setNotes((n) => ({ ...n, [c.id]: e.currentTarget.value }))}
                />
              </label>
              <div class="actions">
                <button
                  type="button"
                  disabled={!notes[c.id]?.trim()}
                  onClick={() => void resolve(c, 'keep_existing')}
                >
                  {t('conflicts.keepExisting')}
                </button>
                <button
                  type="button"
                  class="secondary"
                  disabled={!notes[c.id]?.trim()}
                  onClick={() => void resolve(c, 'accept_incoming')}
                >
                  {t('conflicts.acceptIncoming')}
                </button>
              </div>
            </>
          )}
        </section>
      ))}
    </div>
  );
}
