import { ServiceMigrations } from '@aidflow/service-kit';
import { CreateWelfareVisitTables1764400000000 } from './1764400000000-create-welfare-visit-tables';

/** welfare-visit's migrations, oldest first (the messaging spine's run before these). */
export const MIGRATIONS: ServiceMigrations = [CreateWelfareVisitTables1764400000000];
