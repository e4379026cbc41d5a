// Who is using the field app. Offline for days, the sign-in expires long before the work is done:
// the last signed-in user stays known on this device (until sign-out) so logging goes on, and a
// sync waits until that user signs in again.
import { getSession, onSession } from '../auth/session';
import { getMeta, setMeta } from './db';

export interface FieldUser {
  sub: string;
  name: string;
  /** A valid token is at hand: sync can run. */
  signedIn: boolean;
}

export async function currentFieldUser(): Promise<FieldUser | undefined> {
  const session = getSession();
  if (session && session.expiresAt > Date.now()) {
    const user = { sub: session.user.sub, name: session.user.name };
    await setMeta('user', user);
    return { ...user, signedIn: true };
  }
  const known = await getMeta<{ sub: string; name: string }>('user');
  return known ? { ...known, signedIn: false } : undefined;
}

export { onSession };
