import { existsSync, unlinkSync } from 'node:fs';

/**
 * Test only (OUTBOX_CRASH_AFTER_PUBLISH_FILE, refused in production): the fault suite creates the
 * file; the next relay batch that reaches the broker removes it and kills its own process before
 * the batch is marked published, so the rows are published again by whichever relay comes next.
 */
export function crashWhenFileExists(file: string): (eventIds: string[]) => Promise<void> {
  return async (eventIds) => {
    if (eventIds.length === 0 || !existsSync(file)) return;
    unlinkSync(file);
    process.kill(process.pid, 'SIGKILL');
    await new Promise<never>(() => undefined);
  };
}
