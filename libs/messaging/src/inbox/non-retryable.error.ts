/**
 * Thrown by a handler when trying again cannot help (the event can never be applied as it is):
 * the inbox skips its retries and dead-letters the message at once. A business refusal that the
 * domain can record (a discrepancy, a rejection) is not this: handle it and return normally.
 */
export class NonRetryableError extends Error {
  override name = 'NonRetryableError';
}
