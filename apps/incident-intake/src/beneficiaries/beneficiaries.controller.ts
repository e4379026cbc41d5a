import { AuthUser, CurrentUser, Roles } from '@aidflow/auth';
import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiRoute, Page, UuidParamPipe } from '@aidflow/platform';
import { BeneficiariesService } from './beneficiaries.service';
import { BeneficiaryView } from './dto/beneficiary.view';
import { ListBeneficiariesQuery } from './dto/list-beneficiaries.query';
import { RegisterBeneficiaryDto } from './dto/register-beneficiary.dto';

@Controller('api/beneficiaries')
export class BeneficiariesController {
  constructor(private readonly beneficiaries: BeneficiariesService) {}

  @ApiRoute({
    summary: 'Register an affected person (id number stored encrypted, shown masked)',
    errors: {
      403: '',
      409: 'the same person is registered: existingId names them',
      422: 'unknown incident or site',
    },
  })
  @Post()
  @Roles('field', 'ops', 'admin')
  register(
    @CurrentUser() user: AuthUser,
    @Body() body: RegisterBeneficiaryDto,
  ): Promise<BeneficiaryView> {
    return this.beneficiaries.register(user, body);
  }

  @ApiRoute({ summary: 'Beneficiaries in the caller’s scope' })
  @Get()
  list(
    @CurrentUser() user: AuthUser,
    @Query() query: ListBeneficiariesQuery,
  ): Promise<Page<BeneficiaryView>> {
    return this.beneficiaries.list(user, query);
  }

  @ApiRoute({ summary: 'One beneficiary (id number masked)', errors: { 404: '' } })
  @Get(':id')
  get(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
  ): Promise<BeneficiaryView> {
    return this.beneficiaries.get(user, id);
  }
}
