import { SERVICE_CONFIG } from '@aidflow/service-kit';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { VisitsConfig } from '../config/visits.config';

const IMAGE_TYPES = /^image\/[a-z0-9.+-]+$/i;

/**
 * Takes image bodies as raw bytes, at most RECEIPT_MAX_BYTES (Fastify answers 413 beyond, before
 * buffering more). Registered before the server is ready, as Fastify requires.
 */
@Injectable()
export class ReceiptBodyParser implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(SERVICE_CONFIG) private readonly config: VisitsConfig,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    // Every image type is read, so an unsupported one gets a 415 naming the field from the service.
    if (fastify.hasContentTypeParser(IMAGE_TYPES)) return;
    fastify.addContentTypeParser(
      IMAGE_TYPES,
      { parseAs: 'buffer', bodyLimit: this.config.RECEIPT_MAX_BYTES },
      (_request, body, done) => done(null, body),
    );
  }
}
