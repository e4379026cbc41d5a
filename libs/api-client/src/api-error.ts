import type { components } from './generated/openapi';

export type ApiErrorBody = components['schemas']['ApiError'];

/** A non-2xx answer, with the contract's error body (`details` names each bad field). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
    /** `METHOD /path` as the API documents it (e.g. `POST /api/funds/{id}`), for messages. */
    readonly route: string,
    /** The request as sent (`POST /api/funds/1a…/approve`), for messages. */
    readonly request: string = route,
  ) {
    const details = body.details?.length ? ` ${JSON.stringify(body.details)}` : '';
    super(`${request} → ${status}: ${body.message}${details}`);
    this.name = 'ApiError';
  }

  /** The first problem named for a field, if any. */
  problemOf(field: string): string | undefined {
    return this.body.details?.find((d) => d.field === field)?.problem;
  }
}

/** The error body of a response, in the contract's shape even when the server sent something else. */
export async function errorBodyOf(response: Response): Promise<ApiErrorBody> {
  const text = await response.text().catch(() => '');
  try {
    const parsed = JSON.parse(text) as Partial<ApiErrorBody>;
    return {
      statusCode: typeof parsed.statusCode === 'number' ? parsed.statusCode : response.status,
      error: typeof parsed.error === 'string' ? parsed.error : response.statusText,
      message: typeof parsed.message === 'string' ? parsed.message : response.statusText,
      ...(Array.isArray(parsed.details) ? { details: parsed.details } : {}),
      ...(typeof parsed.existingId === 'string' ? { existingId: parsed.existingId } : {}),
    };
  } catch {
    return {
      statusCode: response.status,
      error: response.statusText,
      message: text || response.statusText,
    };
  }
}
