import { ServiceMigrations } from '@aidflow/service-kit';
import { CreateWelfareVisitTables1764400000000 } from './1764400000000-create-welfare-visit-tables';
import { CreateReceiptTables1764900000000 } from './1764900000000-create-receipt-tables';
import { VisitConflictResolution1764900000001 } from './1764900000001-visit-conflict-resolution';

/** welfare-visit's migrations, oldest first (the messaging spine's run before these). */
export const MIGRATIONS: ServiceMigrations = [
  CreateWelfareVisitTables1764400000000,
  CreateReceiptTables1764900000000,
  VisitConflictResolution1764900000001,
];
