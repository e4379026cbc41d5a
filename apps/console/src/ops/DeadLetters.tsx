import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api } from '../api/client';
import type { DeadLetter, Page } from '../api/types';
import { dateTime } from '../i18n/format';
import { useT } from '../i18n/i18n';
import { ErrorNotice } from '../ui/ErrorNotice';
import { useAsync } from '../ui/use-async';

/** Dead-lettered messages with their reason (contract "Dead letters"), each replayable once looked at. */
export function DeadLetters(): JSX.Element {
  const { t, lang } = useT();
  const list = useAsync(
    (signal) => api.get<Page<DeadLetter> | DeadLetter[]>('/api/ops/dlq', { limit: 100 }, signal),
    [],
  );
  const [failure, setFailure] = useState<unknown>();
  const [replayed, setReplayed] = useState<string | undefined>();
  const items = Array.isArray(list.data) ? list.data : (list.data?.items ?? []);
  const replay = async (letter: DeadLetter): Promise<void> => {
    setFailure(undefined);
    try {
      await api.post(`/api/ops/dlq/${letter.id}/replay`);
      setReplayed(letter.id);
      list.reload();
    } catch (error) {
      setFailure(error);
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
        <p class="notice ok" role="status">
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
              <tr key={letter.id}>
                <td class="mono small">{letter.topic}</td>
                <td class="mono small">{letter.type ?? '—'}</td>
                <td>{letter.reason}</td>
                <td class="small">{dateTime(lang, letter.deadLetteredAt)}</td>
                <td>
                  <button
                    type="button"
                    class="secondary small"
                    disabled={!!letter.replayedAt}
                    onClick={() => void replay(letter)}
                  >
                    {letter.replayedAt ? t('dlq.alreadyReplayed') : t('dlq.replay')}
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
