import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { getSession, onSession, signOut, signOutRefusal, type Session } from '../auth/session';
import { CALLBACK_PATH, SIGNED_OUT_PATH } from '../auth/oidc';
import { currentLanguage, LanguageContext, i18next, type Language, useT } from '../i18n/i18n';
import { Link, matchPath, navigate, useLocation } from '../router';
import { homeFor, ROUTES, type RouteDef } from '../routes';
import { Callback } from './Callback';
import { LanguageSwitch } from './LanguageSwitch';
import { SignIn } from './SignIn';
import { SignedOut } from './SignedOut';

function findRoute(path: string): { route: RouteDef; params: Record<string, string> } | undefined {
  for (const route of ROUTES) {
    const params = matchPath(route.path, path);
    if (params) return { route, params };
  }
  return undefined;
}

function allowed(route: RouteDef, session: Session): boolean {
  return route.roles.some((role) => session.user.roles.includes(role));
}

function Header({ session, path }: { session: Session; path: string }): JSX.Element {
  const { t } = useT();
  const [busy, setBusy] = useState(false);
  const nav = ROUTES.filter((r) => r.nav && allowed(r, session));
  const { user } = session;
  return (
    <header class="top">
      <div class="brand">
        <span class="logo" aria-hidden="true" />
        <span>{t('app.name')}</span>
      </div>
      <nav aria-label={t('nav.label')}>
        <ul>
          {nav.map((r) => (
            <li key={r.path}>
              <Link href={r.path} aria-current={path === r.path ? 'page' : undefined}>
                {t(r.nav ?? 'nav.ops')}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <div class="who" id="who">
        <span class="user-name">{user.name}</span>
        <span class="user-meta">
          <span class="org">{user.orgCode}</span> ·{' '}
          <span class="roles">{user.roles.map((r) => t(`roles.${r}`)).join('、')}</span>
        </span>
      </div>
      <LanguageSwitch />
      <button
        type="button"
        class="secondary"
        id="sign-out"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          void signOutRefusal().then((refusal) => {
            if (refusal) {
              setBusy(false);
              alert(t(refusal as 'field.signOut.refused'));
              location.assign('/field/queue');
            } else void signOut();
          });
        }}
      >
        {t('auth.signOut')}
      </button>
    </header>
  );
}

function Page({ session, path }: { session: Session; path: string }): JSX.Element {
  const { t } = useT();
  const found = findRoute(path);
  if (path === '/' || !found) {
    const home = homeFor(session.user.roles);
    if (home !== '/' && (path === '/' || path === '')) {
      queueMicrotask(() => navigate(home, { replace: true }));
      return <p class="muted">{t('common.loading')}</p>;
    }
    return (
      <section class="panel">
        <h1>{t('errors.notFoundPage')}</h1>
        <p>{path === '/' ? t('auth.noWorkspace') : path}</p>
      </section>
    );
  }
  if (!allowed(found.route, session))
    return (
      <section class="panel">
        <h1>{t('errors.403')}</h1>
        <p>{t('auth.notAllowed')}</p>
      </section>
    );
  const Component = found.route.component;
  return <Component params={found.params} />;
}

export function App(): JSX.Element {
  const [session, setSession] = useState<Session | undefined>(getSession);
  const [lang, setLang] = useState<Language>(currentLanguage);
  const where = useLocation();
  useEffect(() => onSession(setSession), []);
  useEffect(() => {
    const listener = (): void => setLang(currentLanguage());
    i18next.on('languageChanged', listener);
    return () => i18next.off('languageChanged', listener);
  }, []);
  // A page restored from the back/forward cache after sign-out must not show what it showed.
  useEffect(() => {
    const listener = (event: PageTransitionEvent): void => {
      if (event.persisted && !getSession()) location.reload();
    };
    window.addEventListener('pageshow', listener);
    return () => window.removeEventListener('pageshow', listener);
  }, []);

  let body: JSX.Element;
  if (where.path === CALLBACK_PATH) body = <Callback />;
  else if (where.path === SIGNED_OUT_PATH) body = <SignedOut signedIn={!!session} />;
  else if (!session) body = <SignIn returnTo={`${where.path}${location.search}`} />;
  else
    body = (
      <div class="layout">
        <a class="skip" href="#main">
          {i18next.getFixedT(lang)('common.skipToContent')}
        </a>
        <Header session={session} path={where.path} />
        <main id="main" tabIndex={-1}>
          <Page session={session} path={where.path} />
        </main>
      </div>
    );
  return <LanguageContext.Provider value={lang}>{body}</LanguageContext.Provider>;
}
