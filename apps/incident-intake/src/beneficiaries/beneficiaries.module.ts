import { Module } from '@nestjs/common';
import { IncidentsModule } from '../incidents/incidents.module';
import { PiiCipher } from '../pii/pii-cipher';
import { BeneficiariesController } from './beneficiaries.controller';
import { BeneficiariesService } from './beneficiaries.service';
import { BeneficiaryImportController } from './import/beneficiary-import.controller';
import { BeneficiaryImportService } from './import/beneficiary-import.service';
import { ImportBodyParser } from './import/import-body-parser';

@Module({
  imports: [IncidentsModule],
  // The import controller first: its static path must not be taken for a beneficiary id.
  controllers: [BeneficiaryImportController, BeneficiariesController],
  providers: [BeneficiariesService, BeneficiaryImportService, ImportBodyParser, PiiCipher],
})
export class BeneficiariesModule {}
