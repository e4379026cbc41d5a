// Sign-out on a shared device: refused while a visit is unsynced and not exported; once allowed,
// the whole offline store (names, masked ids, queue, photos) is deleted with the session.
import { onSignOut, setSignOutGuard } from '../auth/session';
import { deleteFieldData } from './db';
import { unexportedCount } from './queue';

export function installFieldSignOutGuard(): void {
  setSignOutGuard(async () =>
    (await unexportedCount()) > 0 ? 'field.signOut.refused' : undefined,
  );
  onSignOut(() => deleteFieldData());
}
