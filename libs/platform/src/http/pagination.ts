import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { badRequest } from '../errors/api-error';
import { isUuid } from './uuid-param.pipe';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

/** `limit` and `cursor` of every list endpoint. */
export class PageQueryDto {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Keyset position after a row ordered by (a timestamp column, id): opaque to clients. */
export interface KeysetCursor {
  at: Date;
  id: string;
}

export function encodeCursor(position: KeysetCursor): string {
  return Buffer.from(`${position.at.toISOString()}|${position.id}`, 'utf8').toString('base64url');
}

/** 400 naming `cursor` when it was not made by encodeCursor. */
export function decodeCursor(cursor: string | undefined): KeysetCursor | undefined {
  if (cursor === undefined) return undefined;
  const [at, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const parsed = new Date(at ?? '');
  if (rest.length > 0 || !id || !isUuid(id) || Number.isNaN(parsed.getTime())) {
    throw badRequest([{ field: 'cursor', problem: 'is not a cursor this list returned' }]);
  }
  return { at: parsed, id };
}

/** Fetch limit + 1 rows, then cut: the extra row only tells whether there is a next page. */
export function pageOf<R, T>(
  rows: R[],
  limit: number,
  toItem: (row: R) => T,
  cursorOf: (row: R) => string,
): Page<T> {
  const pageRows = rows.slice(0, limit);
  const last = pageRows[pageRows.length - 1];
  return {
    items: pageRows.map(toItem),
    nextCursor: rows.length > limit && last !== undefined ? cursorOf(last) : null,
  };
}

export function pageSize(query: PageQueryDto): number {
  return query.limit ?? DEFAULT_PAGE_SIZE;
}
