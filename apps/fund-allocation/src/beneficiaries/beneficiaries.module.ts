import { Module } from '@nestjs/common';
import { BeneficiariesConsumer } from './beneficiaries.consumer';
import { BeneficiaryReplicaService } from './beneficiary-replica.service';

@Module({ providers: [BeneficiariesConsumer, BeneficiaryReplicaService] })
export class BeneficiariesModule {}
