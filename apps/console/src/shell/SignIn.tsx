import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { beginSignIn } from '../auth/oidc';
import { useT } from '../i18n/i18n';
import { LanguageSwitch } from './LanguageSwitch';

/** The signed-out start page: one button to the identity provider's login page. */
export function SignIn({ returnTo }: { returnTo: string }): JSX.Element {
  const { t } = useT();
  const [failed, setFailed] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  return (
    <main class="centered" id="main">
      <section class="panel sign-in" aria-labelledby="sign-in-title">
        <div class="brand big">
          <span class="logo" aria-hidden="true" />
          <h1 id="sign-in-title">{t('app.name')}</h1>
        </div>
        <p>{t('app.tagline')}</p>
        <button
          type="button"
          id="sign-in"
          disabled={busy}
          onClick={() => {
            setBusy(true);
            setFailed(undefined);
            beginSignIn(returnTo === '/signed-out' ? '/' : returnTo).catch((error: unknown) => {
              setBusy(false);
              setFailed(error instanceof Error ? error.message : String(error));
            });
          }}
        >
          {t('auth.signIn')}
        </button>
        {failed && (
          <div class="notice error" role="alert">
            <strong>{t('auth.providerUnavailable')}</strong>
            <div class="small mono">{failed}</div>
          </div>
        )}
        <LanguageSwitch />
      </section>
    </main>
  );
}
