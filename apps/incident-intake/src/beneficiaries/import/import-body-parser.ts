import { BODY_LIMIT_BYTES } from '@aidflow/platform';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { CSV_TYPE, XLSX_TYPE } from './parse-import-file';

/** Takes CSV and XLSX bodies as raw bytes (the import parses them); registered before the server is ready. */
@Injectable()
export class ImportBodyParser implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    for (const type of [CSV_TYPE, XLSX_TYPE]) {
      if (fastify.hasContentTypeParser(type)) continue;
      fastify.addContentTypeParser(
        type,
        { parseAs: 'buffer', bodyLimit: BODY_LIMIT_BYTES },
        (_request, body, done) => done(null, body),
      );
    }
  }
}
