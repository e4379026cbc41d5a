import {
  ArgumentsHost,
  BadRequestException,
  ConflictException,
  ForbiddenException,
  HttpException,
  Logger,
  NotFoundException,
  ServiceUnavailableException,
  UnprocessableEntityException,
} from '@nestjs/common';
import { RequestContext } from '../context/request-context';
import {
  badRequest,
  conflict,
  errorDetailsOf,
  forbidden,
  notFound,
  unprocessable,
} from './api-error';
import { ApiExceptionFilter } from './api-exception.filter';

function fakeHttpHost() {
  const sent: { status?: number; body?: unknown; headers: Record<string, string> } = {
    headers: {},
  };
  const reply = {
    sent: false,
    status(code: number) {
      sent.status = code;
      return reply;
    },
    header(name: string, value: string) {
      sent.headers[name] = value;
      return reply;
    },
    send(body: unknown) {
      sent.body = body;
      return reply;
    },
  };
  const host = {
    getType: () => 'http',
    switchToHttp: () => ({ getResponse: () => reply, getRequest: () => ({}) }),
  } as unknown as ArgumentsHost;
  return { host, sent };
}

describe('ApiExceptionFilter', () => {
  const filter = new ApiExceptionFilter();
  let logged: jest.SpyInstance;

  beforeEach(() => {
    logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => logged.mockRestore());

  it('keeps the helpers’ status, message and details', () => {
    const details = [{ field: 'amountFen', problem: 'must be positive' }];
    expect(filter.toBody(badRequest(details))).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'invalid request: amountFen',
      details,
    });
    expect(filter.toBody(notFound('fund 42'))).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: 'fund 42 not found',
    });
    expect(
      filter.toBody(
        conflict('already registered as b-1', [{ field: 'idNumber', problem: 'is taken' }]),
      ),
    ).toEqual({
      statusCode: 409,
      error: 'Conflict',
      message: 'already registered as b-1',
      details: [{ field: 'idNumber', problem: 'is taken' }],
    });
    expect(filter.toBody(unprocessable('insufficient balance'))).toEqual({
      statusCode: 422,
      error: 'Unprocessable Entity',
      message: 'insufficient balance',
    });
    expect(filter.toBody(forbidden('cannot approve your own request'))).toEqual({
      statusCode: 403,
      error: 'Forbidden',
      message: 'cannot approve your own request',
    });
  });

  it('helpers return the matching Nest exception classes', () => {
    expect(badRequest([])).toBeInstanceOf(BadRequestException);
    expect(notFound('x')).toBeInstanceOf(NotFoundException);
    expect(conflict('x')).toBeInstanceOf(ConflictException);
    expect(unprocessable('x')).toBeInstanceOf(UnprocessableEntityException);
    expect(forbidden('x')).toBeInstanceOf(ForbiddenException);
    expect(errorDetailsOf(conflict('x', [{ field: 'a', problem: 'b' }]))).toEqual([
      { field: 'a', problem: 'b' },
    ]);
  });

  it('normalises plain Nest exceptions', () => {
    expect(filter.toBody(new NotFoundException())).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: 'Not Found',
    });
    expect(filter.toBody(new BadRequestException(['a is bad', 'b is bad']))).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'a is bad; b is bad',
    });
    expect(filter.toBody(new HttpException('slow down', 429))).toEqual({
      statusCode: 429,
      error: 'Too Many Requests',
      message: 'slow down',
    });
    expect(filter.toBody(new ServiceUnavailableException('broker unreachable'))).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      message: 'broker unreachable',
    });
  });

  it('maps Fastify body errors to 4xx', () => {
    const syntax = Object.assign(new SyntaxError('Unexpected token } in JSON at position 9'), {
      statusCode: 400,
    });
    expect(filter.toBody(syntax)).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'malformed JSON body',
    });
    const tooLarge = Object.assign(new Error('Request body is too large'), {
      statusCode: 413,
      code: 'FST_ERR_CTP_BODY_TOO_LARGE',
    });
    expect(filter.toBody(tooLarge)).toEqual({
      statusCode: 413,
      error: 'Payload Too Large',
      message: 'Request body is too large',
    });
  });

  it('hides unexpected errors behind a generic 500 and logs them with the request id', () => {
    const { host, sent } = fakeHttpHost();
    const leaky = Object.assign(new Error('relation "funds" does not exist'), { statusCode: 404 });
    RequestContext.run({ requestId: 'req-77', correlationId: 'req-77' }, () =>
      filter.catch(leaky, host),
    );
    expect(sent.status).toBe(500);
    expect(sent.body).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'internal error',
    });
    expect(sent.headers['content-type']).toContain('application/json');
    expect(logged).toHaveBeenCalledWith(
      expect.objectContaining({ err: leaky, requestId: 'req-77' }),
      expect.stringContaining('relation "funds" does not exist'),
    );
    expect(filter.toBody('a string was thrown')).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'internal error',
    });
  });

  it('does not log client errors', () => {
    const { host, sent } = fakeHttpHost();
    filter.catch(notFound('visit v-1'), host);
    expect(sent.status).toBe(404);
    expect(logged).not.toHaveBeenCalled();
  });
});
