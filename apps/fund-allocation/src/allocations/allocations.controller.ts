import { ApiRoute } from '@aidflow/platform';
import { AuthUser, CurrentUser, Roles } from '@aidflow/auth';
import { Body, Controller, Headers, Post } from '@nestjs/common';
import { AllocationsService } from './allocations.service';
import { AllocationView } from './dto/allocation.view';
import { CreateAllocationDto } from './dto/create-allocation.dto';

@Controller('api/allocations')
export class AllocationsController {
  constructor(private readonly allocations: AllocationsService) {}

  @ApiRoute({
    summary: 'Pass money down to a union below the fund’s owner (creates its child fund)',
    errors: {
      403: '',
      404: 'no such fund in scope',
      422: 'insufficient available balance, or the org is not below the owner',
    },
  })
  @Post()
  @Roles('finance')
  allocate(
    @CurrentUser() user: AuthUser,
    @Body() body: CreateAllocationDto,
    @Headers('idempotency-key') key?: string,
  ): Promise<AllocationView> {
    return this.allocations.allocate(user, body, key);
  }
}
