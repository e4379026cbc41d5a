import { ServiceMigrations } from '@aidflow/service-kit';

/** ops-monitor's migrations, oldest first (the messaging spine's run before these). */
export const MIGRATIONS: ServiceMigrations = [];
