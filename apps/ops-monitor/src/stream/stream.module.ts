import { Module } from '@nestjs/common';
import { StreamController } from './stream.controller';
import { StreamHub } from './stream.hub';

@Module({ controllers: [StreamController], providers: [StreamHub] })
export class StreamModule {}
