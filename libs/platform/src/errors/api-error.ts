import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  HttpException,
  HttpStatus,
  NotFoundException,
  UnprocessableEntityException,
} from '@nestjs/common';
import { STATUS_CODES } from 'node:http';

/** One bad input: a dotted path (`beneficiaries.0.cash.amountFen`) and what is wrong with it. */
export interface ErrorDetail {
  field: string;
  problem: string;
}

/** The one error body every endpoint returns (CONTRACT.md, Conventions). */
export interface ApiErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details?: ErrorDetail[];
  /** On a 409 for a duplicate: the id of the object that already exists. */
  existingId?: string;
}

export function statusText(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}

/** The response body for an HttpException built by the helpers below (details included). */
export function apiErrorBody(
  status: number,
  message: string,
  details?: ErrorDetail[],
): ApiErrorBody {
  const body: ApiErrorBody = { statusCode: status, error: statusText(status), message };
  if (details && details.length > 0) body.details = details;
  return body;
}

/** The details an HttpException carries (empty when it has none). */
export function errorDetailsOf(exception: HttpException): ErrorDetail[] {
  const response = exception.getResponse();
  const details =
    typeof response === 'object' ? (response as { details?: unknown }).details : undefined;
  return isErrorDetails(details) ? details : [];
}

export function isErrorDetails(value: unknown): value is ErrorDetail[] {
  return (
    Array.isArray(value) &&
    value.every(
      (d) =>
        d !== null &&
        typeof d === 'object' &&
        typeof (d as ErrorDetail).field === 'string' &&
        typeof (d as ErrorDetail).problem === 'string',
    )
  );
}

/** 400 naming every bad field; the message lists them so a log line alone is useful. */
export function badRequest(details: ErrorDetail[], message?: string): BadRequestException {
  const fields = [...new Set(details.map((d) => d.field))];
  const text =
    message ?? (fields.length > 0 ? `invalid request: ${fields.join(', ')}` : 'invalid request');
  return new BadRequestException(apiErrorBody(HttpStatus.BAD_REQUEST, text, details));
}

export function notFound(what: string): NotFoundException {
  return new NotFoundException(apiErrorBody(HttpStatus.NOT_FOUND, `${what} not found`));
}

/** 409; `existingId` names the object a duplicate collided with, so a client need not parse text. */
export function conflict(
  message: string,
  details?: ErrorDetail[],
  existingId?: string,
): ConflictException {
  const body = apiErrorBody(HttpStatus.CONFLICT, message, details);
  if (existingId !== undefined) body.existingId = existingId;
  return new ConflictException(body);
}

export function unprocessable(
  message: string,
  details?: ErrorDetail[],
): UnprocessableEntityException {
  return new UnprocessableEntityException(
    apiErrorBody(HttpStatus.UNPROCESSABLE_ENTITY, message, details),
  );
}

export function forbidden(message: string, details?: ErrorDetail[]): ForbiddenException {
  return new ForbiddenException(apiErrorBody(HttpStatus.FORBIDDEN, message, details));
}
