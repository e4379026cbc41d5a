import { AuthUser, CurrentUser, Roles } from '@aidflow/auth';
import { ApiRoute, UuidParamPipe } from '@aidflow/platform';
import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ConflictResolutionService, ConflictResolutionView } from './conflict-resolution.service';
import { ResolveConflictDto } from './dto/resolve-conflict.dto';

@Controller('api/visits/conflicts')
export class ConflictsController {
  constructor(private readonly resolution: ConflictResolutionService) {}

  @ApiRoute({
    summary: 'Resolve a visit conflict: keep the existing content or accept the incoming one',
    errors: { 404: '', 409: 'already resolved', 422: '' },
  })
  @Post(':id/resolve')
  @HttpCode(200)
  @Roles('ops', 'admin')
  resolve(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Body() body: ResolveConflictDto,
  ): Promise<ConflictResolutionView> {
    return this.resolution.resolve(user, id, body);
  }
}
