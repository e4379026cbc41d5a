import { AllowQueryToken, AuthUser, CurrentUser, Roles, ScopeService } from '@aidflow/auth';
import { EVENT_TYPES } from '@aidflow/contracts';
import { ApiRoute, badRequest, ErrorDetail } from '@aidflow/platform';
import { SERVICE_CONFIG } from '@aidflow/service-kit';
import { Controller, Get, Headers, Inject, Query, Res } from '@nestjs/common';
import { OpsConfig } from '../config/ops.config';
import { STREAM_RETRY_AFTER_SEC, StreamSlots } from './stream-slots';
import type { FastifyReply } from 'fastify';
import { StreamQuery } from './dto/stream.query';
import { StreamFilter } from './sse-client';
import { StreamHub } from './stream.hub';

@Controller('api/ops/stream')
export class StreamController {
  private readonly slots: StreamSlots;

  constructor(
    private readonly hub: StreamHub,
    private readonly scope: ScopeService,
    @Inject(SERVICE_CONFIG) config: OpsConfig,
  ) {
    this.slots = StreamSlots.forDeployment(config.STREAMS_PER_USER, config.RATE_LIMIT_REPLICAS);
  }

  /**
   * Server-Sent Events of every consumed event: `id:` is the event log seq, `event:` the type,
   * `data:` the envelope. Browsers' EventSource cannot send an Authorization header, so the guard
   * also takes the token from `?access_token=` here. Prefer the header (fetch streaming, as the
   * dashboard does): a URL may end up in access logs.
   */
  @ApiRoute({
    summary: 'Every domain event as it happens (Server-Sent Events)',
    produces: ['text/event-stream'],
  })
  @Get()
  @AllowQueryToken()
  @Roles('ops', 'admin', 'finance')
  async stream(
    @CurrentUser() user: AuthUser,
    @Query() query: StreamQuery,
    @Headers('last-event-id') lastEventIdHeader: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const details: ErrorDetail[] = [];
    const types = query.types ? query.types.split(',') : [];
    const unknown = types.filter((t) => !(EVENT_TYPES as readonly string[]).includes(t));
    if (unknown.length > 0)
      details.push({ field: 'types', problem: `unknown event types: ${unknown.join(', ')}` });
    const lastEventId = lastEventIdHeader ?? query.lastEventId;
    if (lastEventId !== undefined && !/^\d{1,15}$/.test(lastEventId)) {
      details.push({ field: 'Last-Event-ID', problem: 'must be an event id from this stream' });
    }
    if (details.length > 0) throw badRequest(details);

    const filter: StreamFilter = {
      types: new Set(types),
      incidentId: query.incidentId,
      orgCodes: new Set(await this.scope.subtreeCodes(user)),
    };
    let release: () => void;
    try {
      release = this.slots.take(user.sub);
    } catch (error) {
      void reply.header('retry-after', String(STREAM_RETRY_AFTER_SEC));
      throw error;
    }
    reply.raw.once('close', release);
    // From here on the response is ours: Fastify must not send one of its own.
    reply.hijack();
    reply.raw.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    try {
      await this.hub.connect(
        reply.raw,
        filter,
        lastEventId === undefined ? undefined : Number(lastEventId),
      );
    } catch (error) {
      // Headers are out: all that is left is to end the stream; the client reconnects and resumes.
      release();
      reply.raw.end();
      throw error;
    }
  }
}
