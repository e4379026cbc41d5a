import { AuthUser, CurrentUser, Roles } from '@aidflow/auth';
import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { Page } from '@aidflow/platform';
import { UuidParamPipe } from '@aidflow/platform';
import { BeneficiariesService } from './beneficiaries.service';
import { BeneficiaryView } from './dto/beneficiary.view';
import { ListBeneficiariesQuery } from './dto/list-beneficiaries.query';
import { RegisterBeneficiaryDto } from './dto/register-beneficiary.dto';

@Controller('api/beneficiaries')
export class BeneficiariesController {
  constructor(private readonly beneficiaries: BeneficiariesService) {}

  @Post()
  @Roles('field', 'ops', 'admin')
  register(
    @CurrentUser() user: AuthUser,
    @Body() body: RegisterBeneficiaryDto,
  ): Promise<BeneficiaryView> {
    return this.beneficiaries.register(user, body);
  }

  @Get()
  list(
    @CurrentUser() user: AuthUser,
    @Query() query: ListBeneficiariesQuery,
  ): Promise<Page<BeneficiaryView>> {
    return this.beneficiaries.list(user, query);
  }

  @Get(':id')
  get(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
  ): Promise<BeneficiaryView> {
    return this.beneficiaries.get(user, id);
  }
}
