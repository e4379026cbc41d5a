import { AuthUser, CurrentUser, Roles } from '@aidflow/auth';
import { Body, Controller, Get, Header, Headers, Param, Post, Query } from '@nestjs/common';
import { UuidParamPipe } from '@aidflow/platform';
import { CreateFundDto } from './dto/create-fund.dto';
import { FundPage, FundView, Reconciliation } from './dto/fund.view';
import { ListFundsQuery } from './dto/list-funds.query';
import { FundsService } from './funds.service';

@Controller('api/funds')
export class FundsController {
  constructor(private readonly funds: FundsService) {}

  @Post()
  @Roles('finance')
  create(
    @CurrentUser() user: AuthUser,
    @Body() body: CreateFundDto,
    @Headers('idempotency-key') key?: string,
  ): Promise<FundView> {
    return this.funds.create(user, body, key);
  }

  @Get()
  list(@CurrentUser() user: AuthUser, @Query() query: ListFundsQuery): Promise<FundPage> {
    return this.funds.list(user, query);
  }

  @Get(':id')
  get(@CurrentUser() user: AuthUser, @Param('id', UuidParamPipe) id: string): Promise<FundView> {
    return this.funds.get(user, id);
  }

  @Get(':id/reconciliation')
  reconciliation(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
  ): Promise<Reconciliation> {
    return this.funds.reconciliation(user, id);
  }

  @Get(':id/movements.csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  movements(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
  ): Promise<string> {
    return this.funds.movementsCsv(user, id);
  }
}
