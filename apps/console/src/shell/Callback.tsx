import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { completeSignIn } from '../auth/oidc';
import { inFieldApp } from '../field/frame';
import { jwtClaims } from '../auth/pkce';
import { sessionFromTokens, setSession } from '../auth/session';
import { Link, navigate } from '../router';
import { useT } from '../i18n/i18n';

let started: Promise<string> | undefined;

/** The provider sends the browser back here with a code; swap it, then go where the user was. */
export function Callback(): JSX.Element {
  const { t } = useT();
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    // Once per page load (a re-render must not spend the single-use code twice).
    started ??= completeSignIn(location.search).then(({ tokens, returnTo, nonce }) => {
      if (tokens.id_token && jwtClaims(tokens.id_token)?.nonce !== nonce)
        throw new Error('the ID token does not carry this sign-in’s nonce');
      const session = sessionFromTokens(tokens);
      if (!session) throw new Error('the access token carries no user');
      setSession(session);
      return returnTo.startsWith('/') && !returnTo.startsWith('//') ? returnTo : '/';
    });
    started.then(
      // Back to the field app (e.g. signing in again to sync its queue): its own frame, a full load.
      (to) =>
        inFieldApp(new URL(to, location.origin).pathname)
          ? location.replace(to)
          : navigate(to, { replace: true }),
      (failure: unknown) => setError(failure instanceof Error ? failure.message : String(failure)),
    );
  }, []);
  return (
    <main class="centered" id="main">
      <section class="panel sign-in">
        {error ? (
          <>
            <h1>{t('auth.signInFailed')}</h1>
            <p class="small mono" role="alert">
              {error}
            </p>
            <Link href="/" class="button">
              {t('auth.signInAgain')}
            </Link>
          </>
        ) : (
          <p>{t('auth.signingIn')}</p>
        )}
      </section>
    </main>
  );
}
