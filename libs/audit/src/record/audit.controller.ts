import { ApiRoute } from '@aidflow/platform';
import { Controller, Get, Query } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { AuthUser, CurrentUser, Roles, ScopeService } from '@aidflow/auth';
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
  constructor(
    private readonly audit: AuditService,
    private readonly scope: ScopeService,
  ) {}

  /**
   * This service's audit rows, newest first: only those whose actor or target org lies in the
   * caller's subtree (an org this service does not know has an empty subtree: nothing).
   */
  @ApiRoute({ summary: 'The service’s audit trail in the caller’s scope' })
  @Get()
  @Roles('admin', 'ops')
  async list(@CurrentUser() user: AuthUser, @Query() query: AuditQueryDto): Promise<AuditPage> {
    return this.audit.list({
      orgCodes: await this.scope.subtreeCodes(user),
      targetId: query.targetId,
      targetType: query.targetType,
      limit: query.limit ?? 50,
      cursor: query.cursor,
    });
  }
}
