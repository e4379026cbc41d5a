import { AuthUser, isRole, Public, Role, ScopeService, TokenVerifier } from '@aidflow/auth';
import { EVENT_TYPES } from '@aidflow/contracts';
import { badRequest, ErrorDetail } from '@aidflow/platform';
import {
  Controller,
  ForbiddenException,
  Get,
  Headers,
  Query,
  Res,
  UnauthorizedException,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { StreamQuery } from './dto/stream.query';
import { StreamFilter } from './sse-client';
import { StreamHub } from './stream.hub';

const STREAM_ROLES: Role[] = ['ops', 'admin', 'finance'];

@Controller('api/ops/stream')
export class StreamController {
  constructor(
    private readonly hub: StreamHub,
    private readonly verifier: TokenVerifier,
    private readonly scope: ScopeService,
  ) {}

  /**
   * Server-Sent Events of every consumed event: `id:` is the event log seq, `event:` the type,
   * `data:` the envelope. Public for the guard only because browsers' EventSource cannot send an
   * Authorization header: the token is checked here, from the header or `?access_token=`.
   * Prefer the header (fetch streaming, as the dashboard does): a URL may end up in access logs.
   */
  @Get()
  @Public()
  async stream(
    @Query() query: StreamQuery,
    @Headers('authorization') authorization: string | undefined,
    @Headers('last-event-id') lastEventIdHeader: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const user = await this.authenticate(authorization, query.access_token);
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
      reply.raw.end();
      throw error;
    }
  }

  private async authenticate(
    authorization: string | undefined,
    queryToken: string | undefined,
  ): Promise<AuthUser> {
    const header = authorization ? /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1] : undefined;
    if (authorization && !header)
      throw new UnauthorizedException('authorization header must be "Bearer <token>"');
    const token = header ?? queryToken;
    if (!token) throw new UnauthorizedException('missing bearer token (header or access_token)');
    const user = await this.verifier.verify(token);
    if (!user.roles.some((role) => isRole(role) && STREAM_ROLES.includes(role))) {
      throw new ForbiddenException(`requires one of the roles: ${STREAM_ROLES.join(', ')}`);
    }
    return user;
  }
}
