import { Module } from '@nestjs/common';
import { IncidentsModule } from '../incidents/incidents.module';
import { SitesController } from './sites.controller';
import { SitesService } from './sites.service';

@Module({ imports: [IncidentsModule], controllers: [SitesController], providers: [SitesService] })
export class SitesModule {}
