import type { JSX } from 'preact';
import { ok, typed } from '../api/client';
import { getSession } from '../auth/session';
import { dateTime, money } from '../i18n/format';
import { useT } from '../i18n/i18n';
import { Link } from '../router';
import { ErrorNotice } from '../ui/ErrorNotice';
import { useAsync } from '../ui/use-async';
import { mayDecideAdvance } from './advances';
import { everyPage } from './data';
import { ApprovalProgress } from './decisions';

/** Cash advances this approver may decide (never their own), beside the disbursement queue. */
export function AdvanceQueue({ incidentId }: { incidentId: string }): JSX.Element | null {
  const { t, lang } = useT();
  const session = getSession();
  const waiting = useAsync(
    async (signal) =>
      (
        await Promise.all(
          (['requested', 'partially_approved'] as const).map((status) =>
            everyPage((cursor) =>
              ok(
                typed.GET('/api/advances', {
                  params: { query: { status, limit: 200, cursor } },
                  signal,
                }),
              ),
            ),
          ),
        )
      )
        .flat()
        .filter((a) => mayDecideAdvance(session, a))
        .filter((a) => !incidentId || !a.incidentId || a.incidentId === incidentId),
    [incidentId],
  );
  const items = waiting.data ?? [];
  if (!waiting.error && items.length === 0) return null;
  return (
    <section class="panel" aria-labelledby="advance-queue-title">
      <h2 id="advance-queue-title">{t('advances.queueTitle')}</h2>
      <ErrorNotice error={waiting.error} />
      <ul id="advance-queue" class="history">
        {items.map((a) => (
          <li key={a.id} data-advance-id={a.id}>
            <Link href={`/finance/advances/${a.id}`}>
              {t('advances.queueItem', { amount: money(lang, a.amountFen) })}
            </Link>{' '}
            <span class="muted small">
              {a.requestedBy} · {dateTime(lang, a.createdAt)}
            </span>{' '}
            <ApprovalProgress d={a} />
          </li>
        ))}
      </ul>
    </section>
  );
}
