import { Module } from '@nestjs/common';
import { FinanceReportRepository } from './finance-report.repository';
import { ReportsController } from './reports.controller';

@Module({ controllers: [ReportsController], providers: [FinanceReportRepository] })
export class ReportsModule {}
