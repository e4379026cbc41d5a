/** Who sent a request, as far as its credentials prove it, before any route runs (rate limits). */
export interface CallerIdentity {
  /** The verified subject of the request's token, or undefined when it has none or a bad one. */
  subjectOf(request: {
    headers: Record<string, string | string[] | undefined>;
    query?: unknown;
  }): Promise<string | undefined>;
}

/** Provided by the auth lib; the platform only knows the interface. */
export const CALLER_IDENTITY = Symbol('aidflow:caller-identity');
