import { Module } from '@nestjs/common';
import { MonitoringModule } from '../monitoring/monitoring.module';
import { PiiCipher } from '../pii/pii-cipher';
import { HouseholdsController } from './households.controller';
import { HouseholdsRepository } from './households.repository';
import { HouseholdsService } from './households.service';

@Module({
  imports: [MonitoringModule],
  controllers: [HouseholdsController],
  providers: [HouseholdsService, HouseholdsRepository, PiiCipher],
})
export class HouseholdsModule {}
