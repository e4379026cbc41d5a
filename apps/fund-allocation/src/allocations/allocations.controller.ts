import { AuthUser, CurrentUser, Roles } from '@aidflow/auth';
import { Body, Controller, Headers, Post } from '@nestjs/common';
import { AllocationsService } from './allocations.service';
import { AllocationView } from './dto/allocation.view';
import { CreateAllocationDto } from './dto/create-allocation.dto';

@Controller('api/allocations')
export class AllocationsController {
  constructor(private readonly allocations: AllocationsService) {}

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
