import { AuthUser, CurrentUser, Roles } from '@aidflow/auth';
import { ApiRoute, UuidParamPipe } from '@aidflow/platform';
import { Controller, Get, Headers, Param, Put, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ReceiptsService } from './receipts.service';
import { ReceiptStatus } from './receipts.repository';
import { Sha256ParamPipe } from './sha256-param.pipe';

@Controller('api/visits/:id/receipts')
export class ReceiptsController {
  constructor(private readonly receipts: ReceiptsService) {}

  /** The image is the raw body; 201 when stored now, 200 when it already was. */
  @ApiRoute({
    summary: 'Store the receipt image of a visit line (the body is the image)',
    body: { binary: ['image/jpeg', 'image/png', 'image/webp'] },
    alsoSucceeds: { 200: 'already stored' },
    errors: {
      404: 'no such visit in scope',
      413: 'larger than RECEIPT_MAX_BYTES',
      415: 'not image/jpeg, image/png or image/webp',
      422: 'the body’s SHA-256 is not :sha256, or no line names it',
    },
  })
  @Put(':sha256')
  @Roles('field', 'ops', 'admin')
  async put(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) visitId: string,
    @Param('sha256', Sha256ParamPipe) sha256: string,
    @Headers('content-type') contentType: string | undefined,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReceiptStatus> {
    const { created, ...status } = await this.receipts.put(user, {
      visitId,
      sha256,
      contentType,
      body: request.body,
    });
    reply.status(created ? 201 : 200);
    return status;
  }

  @ApiRoute({
    summary: 'The stored receipt image',
    produces: ['image/jpeg', 'image/png', 'image/webp'],
    errors: { 404: '' },
  })
  @Get(':sha256')
  async get(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) visitId: string,
    @Param('sha256', Sha256ParamPipe) sha256: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const blob = await this.receipts.get(user, visitId, sha256);
    // A signed receipt is personal data: never cached by shared caches, never sniffed into HTML.
    void reply
      .header('content-type', blob.contentType)
      .header('cache-control', 'private, no-store')
      .header('x-content-type-options', 'nosniff')
      .header('etag', `"${blob.sha256}"`);
    return blob.bytes;
  }
}
