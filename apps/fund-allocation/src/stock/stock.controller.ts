import { AuthUser, CurrentUser, Roles } from '@aidflow/auth';
import { Body, Controller, Get, Headers, Post, Query } from '@nestjs/common';
import { ApiRoute, Page } from '@aidflow/platform';
import { ListStockQuery } from './dto/list-stock.query';
import { ReceiveStockDto } from './dto/receive-stock.dto';
import { ReceiptView, StockView } from './dto/stock.view';
import { StockService } from './stock.service';

@Controller('api/stock')
export class StockController {
  constructor(private readonly stock: StockService) {}

  @ApiRoute({ summary: 'Record goods received by an org', errors: { 403: '', 422: '' } })
  @Post('receipts')
  @Roles('finance', 'admin')
  receive(
    @CurrentUser() user: AuthUser,
    @Body() body: ReceiveStockDto,
    @Headers('idempotency-key') key?: string,
  ): Promise<ReceiptView> {
    return this.stock.receive(user, body, key);
  }

  @ApiRoute({
    summary: 'Goods received, delivered and on hand per org and item',
    errors: { 404: '' },
  })
  @Get()
  list(@CurrentUser() user: AuthUser, @Query() query: ListStockQuery): Promise<Page<StockView>> {
    return this.stock.list(user, query);
  }
}
