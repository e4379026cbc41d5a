import { Controller, Get, Module, Param } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { MAX_PARAM_LENGTH } from '../http/framework-errors';
import { createServiceApp } from './service-app';

@Controller('items')
class ItemsController {
  @Get(':id')
  get(@Param('id') id: string) {
    return { id };
  }
}

@Module({ controllers: [ItemsController] })
class ItemsModule {}

// The path-parameter limit reaches Fastify's router without its deprecated top-level option.
describe('createServiceApp router options', () => {
  let emitWarning: jest.SpyInstance;
  let app: NestFastifyApplication;

  beforeAll(async () => {
    emitWarning = jest.spyOn(process, 'emitWarning');
    app = await createServiceApp(ItemsModule, { serviceName: 'items' });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });
  afterAll(async () => {
    emitWarning.mockRestore();
    await app.close();
  });

  it('prints no Fastify deprecation warning (FSTDEP022: router options at the top level)', () => {
    const printed = emitWarning.mock.calls.map((call: unknown[]) =>
      call
        .map((part) =>
          part instanceof Error
            ? `${(part as Error & { code?: string }).code} ${part.message}`
            : String(part),
        )
        .join(' '),
    );
    expect(printed.filter((text) => text.includes('FSTDEP'))).toEqual([]);
  });

  it('still limits path parameters to MAX_PARAM_LENGTH characters', async () => {
    const ok = await app.inject({ method: 'GET', url: `/items/${'a'.repeat(MAX_PARAM_LENGTH)}` });
    expect(ok.statusCode).toBe(200);
    const long = await app.inject({
      method: 'GET',
      url: `/items/${'a'.repeat(MAX_PARAM_LENGTH + 1)}`,
    });
    expect(long.statusCode).toBe(414);
    expect(long.json()).toMatchObject({ statusCode: 414 });
  });
});
