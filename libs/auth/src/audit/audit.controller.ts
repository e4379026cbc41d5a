import { Controller, Get, Query } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { Roles } from '../decorators';
import { AuditPage, AuditService } from './audit.service';

export class AuditQueryDto {
  @IsOptional()
  @IsString()
  @MaxLength(200)
  targetId?: string;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  targetType?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @IsOptional()
  @Matches(/^[1-9][0-9]{0,17}$/, { message: '$property must be a seq from nextCursor' })
  cursor?: string;
}

@Controller('api/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /** This service's audit rows, newest first. */
  @Get()
  @Roles('admin', 'ops')
  list(@Query() query: AuditQueryDto): Promise<AuditPage> {
    return this.audit.list({
      targetId: query.targetId,
      targetType: query.targetType,
      limit: query.limit ?? 50,
      cursor: query.cursor,
    });
  }
}
