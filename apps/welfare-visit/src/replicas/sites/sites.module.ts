import { Module } from '@nestjs/common';
import { SitesConsumer } from './sites.consumer';
import { SitesService } from './sites.service';

@Module({ providers: [SitesService, SitesConsumer] })
export class SitesModule {}
