import { ServiceMigrations } from '@aidflow/service-kit';
import { CreateOpsProjections1764300000000 } from './1764300000000-create-ops-projections';
import { AdvanceView1764300000500 } from './1764300000500-advance-view';
import { DlqReplay1765000000100 } from './1765000000100-dlq-replay';

/** ops-monitor's migrations, oldest first (the messaging spine's run before these). */
export const MIGRATIONS: ServiceMigrations = [
  CreateOpsProjections1764300000000,
  AdvanceView1764300000500,
  DlqReplay1765000000100,
];
