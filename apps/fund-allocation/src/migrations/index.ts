import { ServiceMigrations } from '@aidflow/service-kit';

/** fund-allocation's migrations, oldest first (the messaging spine's run before these). */
export const MIGRATIONS: ServiceMigrations = [];
