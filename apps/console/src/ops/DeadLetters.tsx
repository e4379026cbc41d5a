import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { ok, typed } from '../api/client';
import type { DeadLetter } from '../api/types';
import { dateTime } from '../i18n/format';
import { useT } from '../i18n/i18n';
import { ErrorNotice } from '../ui/ErrorNotice';
import { useAsync } from '../ui/use-async';

/** Dead-lettered messages with their reason (contract "Dead letters"), each replayable once looked at. */
export function DeadLetters(): JSX.Element {
  const { t, lang } = useT();
  const list = useAsync(
    (signal) => ok(typed.GET('/api/ops/dlq', { params: { query: { limit: 100 } }, signal })),
    [],
  );
  const [failure, setFailure] = useState<unknown>();
  const [replayed, setReplayed] = useState<string | undefined>();
  const [busy, setBusy] = useState<string | undefined>();
  const items = list.data?.items ?? [];
  const replay = async (letter: DeadLetter): Promise<void> => {
    setFailure(undefined);
    setReplayed(undefined);
    setBusy(letter.id);
    try {
      await ok(
        typed.POST('/api/ops/dlq/{id}/replay', {
          params: { path: { id: letter.id } },
          body: {},
          headers: { 'Idempotency-Key': `dlq-replay-${letter.id}-${letter.replays}` },
        }),
      );
      setReplayed(letter.id);
    } catch (error) {
      // 409: nothing kept or too old to replay safely; 422: still not a valid event.
      setFailure(error);
    } finally {
      setBusy(undefined);
      list.reload();
    }
  };
  return (
    <div class="page">
      <div class="page-head">
        <h1>{t('dlq.title')}</h1>
        <button type="button" class="secondary" onClick={list.reload}>
          {t('common.refresh')}
        </button>
      </div>
      <p class="muted">{t('dlq.explain')}</p>
      <ErrorNotice error={list.error ?? failure} />
      {replayed && (
        <p class="notice ok" role="status" id="dlq-replayed">
          {t('dlq.replayed')}
        </p>
      )}
      <section class="panel">
        <table id="dlq-table">
          <thead>
            <tr>
              <th scope="col">{t('dlq.topic')}</th>
              <th scope="col">{t('dlq.type')}</th>
              <th scope="col">{t('dlq.reason')}</th>
              <th scope="col">{t('dlq.when')}</th>
              <th scope="col">
                <span class="sr-only">{t('dlq.replay')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.length === 0 && (
              <tr>
                <td colSpan={5} class="muted">
                  {list.loading ? t('common.loading') : t('dlq.none')}
                </td>
              </tr>
            )}
            {items.map((letter) => (
              <tr key={letter.id} data-dlq-id={letter.id} data-replays={letter.replays}>
                <td class="mono small">
                  {letter.originTopic ?? letter.topic}
                  {letter.consumerGroup && <div class="muted">{letter.consumerGroup}</div>}
                </td>
                <td class="mono small">{letter.eventType ?? '—'}</td>
                <td>
                  {letter.reason ?? '—'}
                  {letter.error && <div class="muted small">{letter.error}</div>}
                </td>
                <td class="small">
                  {dateTime(lang, letter.failedAt ?? letter.receivedAt)}
                  {letter.replayedAt && (
                    <div class="muted">
                      {t('dlq.replayedAt', { time: dateTime(lang, letter.replayedAt) })}
                    </div>
                  )}
                </td>
                <td>
                  <button
                    type="button"
                    class="secondary small replay"
                    disabled={busy === letter.id}
                    onClick={() => void replay(letter)}
                  >
                    {letter.replayedAt ? t('dlq.replayAgain') : t('dlq.replay')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
