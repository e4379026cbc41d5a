import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { money, time } from '../i18n/format';
import { useT } from '../i18n/i18n';
import { openStream, type StreamEvent, type StreamState } from './event-stream';

const FEED_MAX = 200;

function describe(event: StreamEvent, lang: Parameters<typeof money>[0]): string {
  const d = event.envelope.data ?? {};
  const text = (key: string): string => (typeof d[key] === 'string' ? d[key] : '');
  const amount = typeof d.amountFen === 'number' ? money(lang, d.amountFen) : '';
  return [
    text('title') || text('name') || text('code') || text('message'),
    amount,
    text('toOrgCode') || text('orgCode') || text('leadOrgCode'),
  ]
    .filter(Boolean)
    .join(' · ');
}

export function LiveFeed({
  incidentId,
  onActivity,
}: {
  incidentId: string;
  onActivity: () => void;
}): JSX.Element {
  const { t, lang } = useT();
  const [events, setEvents] = useState<StreamEvent[]>([]);
  const [state, setState] = useState<StreamState>('connecting');
  const activity = useRef(onActivity);
  activity.current = onActivity;
  useEffect(() => {
    setEvents([]);
    const handle = openStream(
      incidentId ? { incidentId } : {},
      (event) => {
        setEvents((list) => [event, ...list].slice(0, FEED_MAX));
        activity.current();
      },
      setState,
    );
    return () => handle.close();
  }, [incidentId]);
  return (
    <section class="panel feed" aria-labelledby="feed-title">
      <div class="panel-head">
        <h2 id="feed-title">{t('ops.liveFeed')}</h2>
        <span id="stream-state" class={`pill ${state === 'live' ? 'on' : 'off'}`} role="status">
          {t(`ops.stream.${state}`)}
        </span>
      </div>
      {events.length === 0 && <p class="muted">{t('ops.feedEmpty')}</p>}
      <ol id="feed" aria-live="polite" aria-relevant="additions">
        {events.map((event) => (
          <li
            key={event.envelope.id}
            class={`event ${event.type.split('.')[0] ?? ''}`}
            data-type={event.type}
            data-seq={event.seq ?? ''}
          >
            <div class="event-head">
              <span class="type mono">{event.type}</span>
              <span class="muted small">
                #{event.seq} · {time(lang, event.envelope.occurredAt)}
              </span>
            </div>
            <div class="event-body">{describe(event, lang)}</div>
          </li>
        ))}
      </ol>
    </section>
  );
}
