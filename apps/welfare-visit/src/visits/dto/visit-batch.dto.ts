import { ArrayMaxSize, ArrayMinSize, IsArray } from 'class-validator';

export const MAX_VISITS_PER_BATCH = 500;

/**
 * A field device's sync. The visits are validated one by one by the service (not by the pipe),
 * so one malformed visit is rejected on its own instead of failing the whole batch.
 */
export class VisitBatchDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_VISITS_PER_BATCH)
  visits!: unknown[];
}
