import { Roles } from '@aidflow/auth';
import { ApiRoute, EmptyBodyDto, Page, UuidParamPipe } from '@aidflow/platform';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { DeadLetterView, DlqService } from './dlq.service';
import { ListDlqQuery } from './dto/list-dlq.query';

@Controller('api/ops/dlq')
export class DlqController {
  constructor(private readonly dlq: DlqService) {}

  /** Newest first; dead letters belong to the spine, not to an org. */
  @ApiRoute({ summary: 'Dead-lettered messages with their reason' })
  @Get()
  @Roles('ops', 'admin')
  list(@Query() query: ListDlqQuery): Promise<Page<DeadLetterView>> {
    return this.dlq.list(query);
  }

  @ApiRoute({
    summary: 'Re-publish a dead letter to its origin topic (consumers apply it at most once)',
    errors: {
      404: '',
      409: 'no message kept, or older than the inboxes remember',
      422: 'the message is still not a valid event',
    },
  })
  @Post(':id/replay')
  @HttpCode(200)
  @Roles('ops', 'admin')
  replay(
    @Param('id', UuidParamPipe) id: string,
    // Nothing to send: a body with any field is refused rather than silently ignored.
    @Body() _body: EmptyBodyDto,
  ): Promise<DeadLetterView> {
    return this.dlq.replay(id);
  }
}
