import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray } from 'class-validator';
import { VisitDto } from './visit.dto';

export const MAX_VISITS_PER_BATCH = 500;

/**
 * A field device's sync. The visits are validated one by one by the service (not by the pipe),
 * so one malformed visit is rejected on its own instead of failing the whole batch.
 */
export class VisitBatchDto {
  // Documented as visits although the pipe only checks the array: each is validated on its own.
  @ApiProperty({ type: () => VisitDto, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_VISITS_PER_BATCH)
  visits!: unknown[];
}
