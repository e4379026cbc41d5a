// The field app at /field: prepare (online), log visits (offline), the queue and its sync. Runs
// in its own frame so it keeps working with an expired sign-in; syncs on open, on `online`, on a
// Background Sync wake-up from the service worker, and on the button.
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { beginSignIn } from '../auth/oidc';
import { onSession, signOut, signOutRefusal } from '../auth/session';
import { currentLanguage, i18next, LanguageContext, type Language, useT } from '../i18n/i18n';
import { LanguageSwitch } from '../shell/LanguageSwitch';
import { type FieldUser, currentFieldUser } from './field-user';
import { LogVisit } from './LogVisit';
import { PrepareView } from './PrepareView';
import { QueueView } from './QueueView';
import { registerFieldServiceWorker } from './service-worker';
import { BACKGROUND_SYNC_TAG, syncNow } from './sync';

type Tab = 'prepare' | 'log' | 'queue';

function tabFromPath(): Tab {
  const part = location.pathname.split('/')[2];
  return part === 'prepare' || part === 'queue' ? part : 'log';
}

function Field(): JSX.Element {
  const { t } = useT();
  const [user, setUser] = useState<FieldUser | undefined | null>(null);
  const [tab, setTab] = useState<Tab>(tabFromPath);
  const [editId, setEditId] = useState<string | undefined>();
  const [online, setOnline] = useState(navigator.onLine);

  useEffect(() => {
    const refresh = (): void => void currentFieldUser().then(setUser);
    refresh();
    return onSession(refresh);
  }, []);

  // Every way the network can come back starts a sync (the queue never waits for a reload).
  useEffect(() => {
    if (!user?.signedIn) return;
    const sub = user.sub;
    const go = (): void => void syncNow(sub);
    go();
    const onOnline = (): void => {
      setOnline(true);
      go();
    };
    const onOffline = (): void => setOnline(false);
    const onMessage = (event: MessageEvent): void => {
      if ((event.data as { type?: string } | null)?.type === BACKGROUND_SYNC_TAG) go();
    };
    window.addEventListener('online', onOnline);
    window.addEventListener('offline', onOffline);
    navigator.serviceWorker?.addEventListener('message', onMessage);
    return () => {
      window.removeEventListener('online', onOnline);
      window.removeEventListener('offline', onOffline);
      navigator.serviceWorker?.removeEventListener('message', onMessage);
    };
  }, [user?.sub, user?.signedIn]);

  const open = (next: Tab): void => {
    history.pushState(null, '', `/field/${next}`);
    setTab(next);
    if (next !== 'log') setEditId(undefined);
  };
  const signIn = (): void => void beginSignIn(location.pathname);
  const leave = async (): Promise<void> => {
    const refusal = await signOutRefusal();
    if (refusal) {
      alert(t(refusal as 'field.signOut.refused'));
      open('queue');
      return;
    }
    await signOut();
  };

  if (user === null) return <p>{t('common.loading')}</p>;
  return (
    <div class="field-app">
      <header class="top">
        <div class="brand">
          <span class="logo" aria-hidden="true" />
          <span>{t('field.title')}</span>
        </div>
        <nav aria-label={t('nav.label')}>
          <ul>
            {(['prepare', 'log', 'queue'] as const).map((key) => (
              <li key={key}>
                <a
                  href={`/field/${key}`}
                  id={`tab-${key}`}
                  aria-current={tab === key ? 'page' : undefined}
                  onClick={(e) => {
                    e.preventDefault();
                    open(key);
                  }}
                >
                  {t(`field.tab.${key}`)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div class="who" id="who">
          <span class="user-name">{user?.name ?? t('field.nobody')}</span>{' '}
          <span id="network" data-online={String(online)}>
            {online ? t('field.online') : t('field.offline')}
          </span>
        </div>
        <LanguageSwitch />
        {user?.signedIn ? (
          <button type="button" class="secondary" id="field-sign-out" onClick={() => void leave()}>
            {t('auth.signOut')}
          </button>
        ) : (
          <button type="button" id="field-sign-in" onClick={signIn}>
            {t('auth.signIn')}
          </button>
        )}
      </header>
      <main id="main">
        {!user ? (
          <p class="notice">{t('field.signInFirst')}</p>
        ) : tab === 'prepare' ? (
          <PrepareView signedIn={user.signedIn} />
        ) : tab === 'queue' ? (
          <QueueView
            ownerSub={user.sub}
            signedIn={user.signedIn}
            onSignIn={signIn}
            onEdit={(id) => {
              setEditId(id);
              history.pushState(null, '', '/field/log');
              setTab('log');
            }}
          />
        ) : (
          <LogVisit
            key={editId ?? 'new'}
            ownerSub={user.sub}
            {...(editId ? { editId } : {})}
            onSaved={() => {
              setEditId(undefined);
              if (user.signedIn && navigator.onLine) void syncNow(user.sub);
            }}
          />
        )}
      </main>
    </div>
  );
}

export function FieldApp(): JSX.Element {
  const [lang, setLang] = useState<Language>(currentLanguage);
  useEffect(() => {
    registerFieldServiceWorker();
    const listener = (): void => setLang(currentLanguage());
    i18next.on('languageChanged', listener);
    return () => i18next.off('languageChanged', listener);
  }, []);
  return (
    <LanguageContext.Provider value={lang}>
      <Field />
    </LanguageContext.Provider>
  );
}
