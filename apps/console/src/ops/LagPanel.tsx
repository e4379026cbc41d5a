import type { JSX } from 'preact';
import { ok, typed } from '../api/client';
import type { LagReport } from '../api/types';
import { count, dateTime } from '../i18n/format';
import { useT } from '../i18n/i18n';
import { ErrorNotice } from '../ui/ErrorNotice';
import { useAsync } from '../ui/use-async';

export function LagPanel({ refresh }: { refresh: number }): JSX.Element {
  const { t, lang } = useT();
  const lag = useAsync(
    (signal): Promise<LagReport> => ok(typed.GET('/api/ops/lag', { signal })),
    [refresh],
  );
  const rows = (lag.data?.groups ?? []).flatMap((g) =>
    g.topics.flatMap((topic) =>
      topic.partitions.map((p) => ({ group: g.group, topic: topic.topic, ...p })),
    ),
  );
  return (
    <section class="panel" aria-labelledby="lag-title">
      <div class="panel-head">
        <h2 id="lag-title">{t('ops.lag')}</h2>
        <button type="button" class="secondary small" onClick={lag.reload}>
          {t('common.refresh')}
        </button>
      </div>
      <ErrorNotice error={lag.error} />
      <div class="table-wrap">
        <table id="lag-table">
          <thead>
            <tr>
              <th scope="col">{t('ops.group')}</th>
              <th scope="col">{t('ops.topic')}</th>
              <th scope="col" class="num">
                {t('ops.partition')}
              </th>
              <th scope="col" class="num">
                {t('ops.lagCount')}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={`${r.group}|${r.topic}|${r.partition}`} class={r.lag > 0 ? 'lagging' : ''}>
                <td class="mono small">{r.group}</td>
                <td class="mono small">{r.topic}</td>
                <td class="num">{r.partition}</td>
                <td class={r.lag > 0 ? 'num bad' : 'num'}>{count(lang, r.lag)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {lag.data && (
        <p class="muted small">{t('common.asOf', { time: dateTime(lang, lag.data.computedAt) })}</p>
      )}
    </section>
  );
}
