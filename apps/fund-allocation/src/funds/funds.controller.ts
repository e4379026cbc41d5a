import { AuthUser, CurrentUser, Roles } from '@aidflow/auth';
import { Body, Controller, Get, Header, Headers, Param, Post, Query } from '@nestjs/common';
import { ApiRoute, UuidParamPipe } from '@aidflow/platform';
import { CreateFundDto } from './dto/create-fund.dto';
import { FundPage, FundView, Reconciliation } from './dto/fund.view';
import { ListFundsQuery } from './dto/list-funds.query';
import { FundsService } from './funds.service';

@Controller('api/funds')
export class FundsController {
  constructor(private readonly funds: FundsService) {}

  @ApiRoute({
    summary: 'Create a fund',
    errors: {
      403: '',
      409: 'a fund with this code exists',
      422: 'unknown incident, or off the owner org’s branch',
    },
  })
  @Post()
  @Roles('finance')
  create(
    @CurrentUser() user: AuthUser,
    @Body() body: CreateFundDto,
    @Headers('idempotency-key') key?: string,
  ): Promise<FundView> {
    return this.funds.create(user, body, key);
  }

  @ApiRoute({ summary: 'Funds in the caller’s scope' })
  @Get()
  list(@CurrentUser() user: AuthUser, @Query() query: ListFundsQuery): Promise<FundPage> {
    return this.funds.list(user, query);
  }

  @ApiRoute({ summary: 'One fund with its balances', errors: { 404: '' } })
  @Get(':id')
  get(@CurrentUser() user: AuthUser, @Param('id', UuidParamPipe) id: string): Promise<FundView> {
    return this.funds.get(user, id);
  }

  @ApiRoute({
    summary: 'A fund’s reconciliation: amount = allocated down + reserved + delivered + available',
    errors: { 404: '' },
  })
  @Get(':id/reconciliation')
  reconciliation(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
  ): Promise<Reconciliation> {
    return this.funds.reconciliation(user, id);
  }

  @ApiRoute({
    summary: 'A fund’s ledger movements as CSV',
    produces: ['text/csv'],
    errors: { 404: '' },
  })
  @Get(':id/movements.csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  movements(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
  ): Promise<string> {
    return this.funds.movementsCsv(user, id);
  }
}
