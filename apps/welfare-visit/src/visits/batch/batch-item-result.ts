import { Logger } from '@nestjs/common';
import { VisitSyncResult, VisitView } from '../dto/visit.view';
import { VisitRejection } from '../visit-rejection';
import { VisitRecordStatus } from '../visit.entity';

/** What storing one visit came to (the single POST and each batch item share it); a visit just
 * written by the single path comes with its view. */
export type SubmitOutcome =
  | { status: 'accepted'; id: string; visitStatus: VisitRecordStatus; view?: VisitView }
  | { status: 'duplicate'; id: string; visitStatus: VisitRecordStatus }
  | { status: 'rejected'; id: string | null; rejection: VisitRejection };

const logger = new Logger('VisitBatch');

/** The client id of a raw batch item, if it sent a usable one (for the result of a crashed item). */
function rawId(raw: unknown): string | null {
  const id = raw !== null && typeof raw === 'object' ? (raw as { id?: unknown }).id : undefined;
  return typeof id === 'string' && id.length <= 64 ? id.toLowerCase() : null;
}

/**
 * Runs one item of a batch and answers for it whatever happens: its own outcome, or — when its
 * transaction fails unexpectedly — `rejected` with `retryable`, so the other items still stand
 * and the device knows to resend this one. Nothing of a failed item was committed.
 */
export async function settleBatchItem(
  raw: unknown,
  path: string,
  submit: () => Promise<SubmitOutcome>,
): Promise<VisitSyncResult> {
  let outcome: SubmitOutcome;
  try {
    outcome = await submit();
  } catch (error) {
    // Name and SQL state only: a driver message may quote the visit's text.
    const code = (error as { code?: unknown }).code;
    logger.error(
      `batch item ${path} failed: ${error instanceof Error ? error.name : typeof error}${
        typeof code === 'string' ? ` (${code})` : ''
      }`,
    );
    return {
      id: rawId(raw),
      status: 'rejected',
      retryable: true,
      message: 'the visit could not be stored because of a server error; nothing of it was kept',
      details: [{ field: path, problem: 'could not be stored (server error); resend it later' }],
    };
  }
  if (outcome.status === 'rejected') {
    return {
      id: outcome.id,
      status: 'rejected',
      message: outcome.rejection.message,
      details: outcome.rejection.details,
    };
  }
  return { id: outcome.id, status: outcome.status, visitStatus: outcome.visitStatus };
}
