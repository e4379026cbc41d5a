import { Module } from '@nestjs/common';
import { IncidentsModule } from '../incidents/incidents.module';
import { PiiCipher } from '../pii/pii-cipher';
import { BeneficiariesController } from './beneficiaries.controller';
import { BeneficiariesService } from './beneficiaries.service';

@Module({
  imports: [IncidentsModule],
  controllers: [BeneficiariesController],
  providers: [BeneficiariesService, PiiCipher],
})
export class BeneficiariesModule {}
