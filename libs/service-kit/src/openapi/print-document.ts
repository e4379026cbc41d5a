import { IEntryNestModule, NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { buildServiceDocument } from './service-document';

/**
 * Writes the service's OpenAPI document to stdout as JSON (`npm run openapi` collects them).
 * Nest's preview mode scans modules and controllers without instantiating providers, so no
 * database or broker is needed.
 */
export async function printServiceDocument(
  module: IEntryNestModule,
  serviceName: string,
): Promise<void> {
  const app = await NestFactory.create(module, new FastifyAdapter(), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  const document = buildServiceDocument(app, { serviceName });
  await app.close();
  process.stdout.write(`${JSON.stringify(document)}\n`);
}
