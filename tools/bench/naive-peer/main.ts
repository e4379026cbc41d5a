// Starts the naive peer on PEER_PORT (HTTP on Fastify, like ours) with its Kafka consumer.
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { MicroserviceOptions } from '@nestjs/microservices';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { PeerModule, peerMicroservice } from './peer.module';

async function main(): Promise<void> {
  const schema = process.env.PEER_SCHEMA ?? 'naive_peer';
  const pg = new Client({ connectionString: process.env.DATABASE_URL });
  await pg.connect();
  await pg.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  await pg.end();
  const app = await NestFactory.create<NestFastifyApplication>(PeerModule, new FastifyAdapter(), {
    logger: ['error', 'warn'],
  });
  app.connectMicroservice<MicroserviceOptions>(peerMicroservice);
  await app.startAllMicroservices();
  await app.listen(Number(process.env.PEER_PORT ?? 3199), '127.0.0.1');
  process.stdout.write('peer ready\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`peer failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
