import { Module } from '@nestjs/common';
import { BeneficiariesConsumer } from './beneficiaries.consumer';
import { BeneficiariesService } from './beneficiaries.service';

@Module({ providers: [BeneficiariesService, BeneficiariesConsumer] })
export class BeneficiariesModule {}
