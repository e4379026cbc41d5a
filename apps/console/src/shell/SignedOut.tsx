import type { JSX } from 'preact';
import { Link } from '../router';
import { useT } from '../i18n/i18n';

export function SignedOut({ signedIn }: { signedIn: boolean }): JSX.Element {
  const { t } = useT();
  return (
    <main class="centered" id="main">
      <section class="panel sign-in" id="signed-out">
        <h1>{signedIn ? t('app.name') : t('auth.signedOut')}</h1>
        <p>{signedIn ? '' : t('auth.signedOutDetail')}</p>
        <Link href="/" class="button">
          {signedIn ? t('common.continue') : t('auth.signInAgain')}
        </Link>
      </section>
    </main>
  );
}
