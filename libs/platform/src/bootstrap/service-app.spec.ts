import { Body, Controller, Get, Injectable, Logger, Module, Param, Post } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { IsInt, IsString, Min } from 'class-validator';
import { LoggerModule } from 'nestjs-pino';
import { RequestContext } from '../context/request-context';
import { loggerModuleParams } from '../logging/logger.config';
import { MetricsModule } from '../metrics/metrics.module';
import { MetricsService } from '../metrics/metrics.service';
import { createServiceApp } from './service-app';

class CreateThingDto {
  @IsString() name!: string;
  @IsInt() @Min(1) amountFen!: number;
}

@Injectable()
class ThingsService {
  private readonly logger = new Logger('ThingsService');

  async contextAfterAwait(): Promise<string | undefined> {
    await new Promise((resolve) => setTimeout(resolve, 5));
    this.logger.log(
      { idNumber: '110101199003077777', holder: { phone: '13800000000' } },
      'looked up a person',
    );
    return RequestContext.current()?.requestId;
  }
}

@Controller('things')
class ThingsController {
  constructor(private readonly things: ThingsService) {}

  @Get(':id')
  async get(@Param('id') id: string) {
    return {
      id,
      inController: RequestContext.current()?.requestId,
      inService: await this.things.contextAfterAwait(),
    };
  }

  @Post()
  create(@Body() dto: CreateThingDto) {
    return { ...dto, correlationId: RequestContext.current()?.correlationId };
  }

  @Get('fail/now')
  fail(): never {
    throw new Error('password=hunter2 leaked from the driver');
  }
}

@Controller('health')
class ProbeController {
  @Get()
  ok() {
    return { status: 'ok' };
  }
}

const lines: string[] = [];
const destination = { write: (line: string) => void lines.push(line) };

@Module({
  imports: [
    LoggerModule.forRoot(loggerModuleParams({ serviceName: 'things', level: 'info', destination })),
    MetricsModule,
  ],
  controllers: [ThingsController, ProbeController],
  providers: [ThingsService],
})
class ThingsModule {}

function logRecords(): Record<string, unknown>[] {
  return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('createServiceApp (HTTP behaviour every service shares)', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await createServiceApp(ThingsModule, { serviceName: 'things' });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });
  afterAll(() => app.close());
  beforeEach(() => lines.splice(0));

  it('runs each request in a RequestContext visible to controllers and async services, and echoes the id', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/things/42',
      headers: { 'x-request-id': 'trace-1:a.b_c' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-request-id']).toBe('trace-1:a.b_c');
    expect(res.json()).toEqual({
      id: '42',
      inController: 'trace-1:a.b_c',
      inService: 'trace-1:a.b_c',
    });
  });

  it('replaces an unsafe or missing X-Request-Id with a fresh UUID', async () => {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    for (const header of ['has spaces', 'x'.repeat(129), 'inject\nme', undefined]) {
      const res = await app.inject({
        method: 'GET',
        url: '/things/1',
        headers: header === undefined ? {} : { 'x-request-id': header },
      });
      expect(res.headers['x-request-id']).toMatch(uuid);
      expect(res.json().inService).toBe(res.headers['x-request-id']);
    }
    const longest = 'a'.repeat(128);
    const res = await app.inject({
      method: 'GET',
      url: '/things/1',
      headers: { 'x-request-id': longest },
    });
    expect(res.headers['x-request-id']).toBe(longest);
  });

  it('keeps the context through body parsing', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/things',
      headers: { 'x-request-id': 'post-1' },
      payload: { name: 'tent', amountFen: 100 },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ name: 'tent', amountFen: 100, correlationId: 'post-1' });
  });

  it('logs JSON lines carrying the request id, redacting credentials and personal data, never bodies', async () => {
    await app.inject({
      method: 'GET',
      url: '/things/7',
      headers: { 'x-request-id': 'log-1', authorization: 'Bearer sekrit', cookie: 'sid=sekrit' },
    });
    await app.inject({
      method: 'POST',
      url: '/things',
      headers: { 'x-request-id': 'log-2' },
      payload: { name: 'body-marker-xyz', amountFen: 1 },
    });
    const records = logRecords();
    const lookup = records.find((r) => r.msg === 'looked up a person');
    expect(lookup).toMatchObject({
      requestId: 'log-1',
      service: 'things',
      idNumber: '[redacted]',
      holder: { phone: '[redacted]' },
    });
    const completed = records.filter((r) => r.msg === 'request completed');
    expect(completed.map((r) => r.requestId)).toEqual(['log-1', 'log-2']);
    const all = lines.join('\n');
    lines.splice(0);
    await app.inject({ method: 'GET', url: '/health?verbose=1' });
    expect(logRecords().filter((r) => r.msg === 'request completed')).toEqual([]);
    expect(all).not.toContain('sekrit');
    expect(all).not.toContain('110101199003077777');
    expect(all).not.toContain('body-marker-xyz');
  });

  it('answers malformed JSON, invalid bodies and unknown fields with 400 in the error format', async () => {
    const malformed = await app.inject({
      method: 'POST',
      url: '/things',
      headers: { 'content-type': 'application/json' },
      payload: '{"name": "tent",',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: expect.stringContaining('not valid JSON'),
    });

    const invalid = await app.inject({
      method: 'POST',
      url: '/things',
      payload: { name: 3, amountFen: 0, extra: true },
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().details).toEqual(
      expect.arrayContaining([
        { field: 'name', problem: 'must be a string' },
        { field: 'amountFen', problem: 'must not be less than 1' },
        { field: 'extra', problem: 'is not allowed' },
      ]),
    );
  });

  it('answers an unknown route with 404 in the error format, still echoing the request id', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/nowhere/123',
      headers: { 'x-request-id': 'lost-1' },
    });
    expect(res.statusCode).toBe(404);
    expect(res.headers['x-request-id']).toBe('lost-1');
    expect(res.json()).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: expect.any(String),
    });
    expect(logRecords().find((r) => r.msg === 'request completed')).toMatchObject({
      requestId: 'lost-1',
      level: 40,
    });
  });

  it('refuses bodies over 5 MB with 413 in the error format', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/things',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'x'.repeat(5 * 1024 * 1024), amountFen: 1 }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toEqual({
      statusCode: 413,
      error: 'Payload Too Large',
      message: expect.any(String),
    });
  });

  it('hides unexpected errors behind a generic 500 and logs them with the request id', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/things/fail/now',
      headers: { 'x-request-id': 'boom-1' },
    });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'internal error',
    });
    const logged = logRecords().find((r) => r.context === 'ApiExceptionFilter');
    expect(logged).toMatchObject({ level: 50, requestId: 'boom-1' });
    expect(JSON.stringify(logged)).toContain('hunter2');
  });

  it('records request counts and durations by route pattern', async () => {
    await app.inject({ method: 'GET', url: '/things/a1' });
    await app.inject({ method: 'GET', url: '/things/b2' });
    await app.inject({ method: 'GET', url: '/nothing-here/x' });
    const text = await app.get(MetricsService).text();
    expect(text).toMatch(
      /aidflow_http_requests_total\{method="GET",route="\/things\/:id",status="200"\} \d+/,
    );
    expect(text).toMatch(
      /aidflow_http_requests_total\{method="GET",route="unmatched",status="404"\} \d+/,
    );
    expect(text).toMatch(
      /aidflow_http_request_duration_seconds_count\{method="GET",route="\/things\/:id"\} \d+/,
    );
    expect(text).not.toContain('/things/a1');
  });
});
